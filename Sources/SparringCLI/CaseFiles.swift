import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Sparring

/// Finds and reads case files for the commands: folders are walked for `.yaml`, files too large are
/// refused unread, and a file's folder (`ru/`, `en/`) gives its expected language.
enum CaseFiles {
    static func collect(_ paths: [String]) throws -> (sources: [CaseSource], diagnostics: [Diagnostic]) {
        var sources: [CaseSource] = []
        var diagnostics: [Diagnostic] = []
        let manager = FileManager.default
        for path in paths {
            // lstat, not fileExists: a symbolic link that loops or points nowhere exists, and read() says what it is
            var link = stat()
            guard lstat(path, &link) == 0 else {
                throw UserError("'\(path)' does not exist; name a case file or a folder of them", code: 2)
            }
            var target = stat()
            let mode = link.st_mode & S_IFMT == S_IFLNK ? (stat(path, &target) == 0 ? target.st_mode : 0) : link.st_mode
            let isDirectory = mode & S_IFMT == S_IFDIR
            var files: [String] = []
            if isDirectory {
                let enumerator = manager.enumerator(atPath: path)
                while let relative = enumerator?.nextObject() as? String {
                    // a folder is walked into, never read as a file, whatever its name
                    if enumerator?.fileAttributes?[.type] as? FileAttributeType == .typeDirectory { continue }
                    if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
                        files.append((path as NSString).appendingPathComponent(relative))
                    }
                }
                files.sort()
                if files.isEmpty {
                    let message = "'\(path)' is a folder with no case files (.yaml or .yml) in it; "
                        + "name a case file or a folder of them"
                    diagnostics.append(Diagnostic(path: path, line: 1, column: 1, message: message))
                }
            } else {
                files = [path]
            }
            // reading thousands of files is I/O bound: read them on every core at once
            let results = ReadSlots(count: files.count)
            let paths = files
            DispatchQueue.concurrentPerform(iterations: paths.count) { index in
                results.set(index, Self.read(paths[index]))
            }
            for result in results.values {
                switch result {
                case .success(let source): sources.append(source)
                case .failure(let diagnostic): diagnostics.append(diagnostic)
                }
            }
        }
        return (sources, diagnostics)
    }

    /// One file as a case source, or why it cannot be one. The size and kind are those of what the
    /// path opens, through any symbolic link; a file over the size limit is not read, nor is more than
    /// the limit ever read, and a pipe or a device is named, never waited on.
    static func read(_ file: String) -> Result<CaseSource, Diagnostic> {
        /// `message` says what the path is: "is a named pipe ..."
        func failure(_ message: String) -> Result<CaseSource, Diagnostic> {
            .failure(Diagnostic(path: file, line: 1, column: 1, message: "'\(file)' \(message)"))
        }
        // O_NONBLOCK: opening a FIFO would otherwise wait for a writer forever
        let descriptor = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            switch code {
            case ELOOP:
                return failure("is a symbolic link that loops (it leads back to itself); point it at a case file")
            case ENOENT:
                let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: file)
                let target = destination.map { " to '\($0)'" } ?? ""
                return failure(target.isEmpty ? "does not exist; name a case file"
                    : "is a symbolic link\(target), which does not exist; fix the link or remove it")
            case EACCES:
                return failure("cannot be read: permission denied; check its permissions")
            case ENXIO:
                return failure("is a socket, not a file; a case file is a regular .yaml file")
            default:
                return failure("cannot be opened: \(String(cString: strerror(code))); check the path")
            }
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            return failure("cannot be read: \(String(cString: strerror(errno))); check the path")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR:
            return failure("is a folder, not a case file; name the folder without a .yaml ending or a file in it")
        case S_IFIFO: return failure("is a named pipe (FIFO), not a file; a case file is a regular .yaml file")
        case S_IFCHR, S_IFBLK: return failure("is a device, not a file; a case file is a regular .yaml file")
        case S_IFSOCK: return failure("is a socket, not a file; a case file is a regular .yaml file")
        default: return failure("is not a regular file; a case file is a regular .yaml file")
        }
        if Int(info.st_size) > CaseLoader.maximumFileSize {
            return .failure(CaseLoader.tooLarge(path: file, size: Int(info.st_size)))
        }
        // never more than the limit, even if the file grows while it is read
        let limit = CaseLoader.maximumFileSize + 1
        var bytes = [UInt8](repeating: 0, count: min(limit, Int(info.st_size) + 1))
        var count = 0
        while count < limit {
            if count == bytes.count { bytes += [UInt8](repeating: 0, count: min(limit, bytes.count * 2) - bytes.count) }
            let got = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + count, $0.count - count) }
            if got < 0 {
                if errno == EINTR { continue }
                return failure("cannot be read: \(String(cString: strerror(errno))); check its permissions")
            }
            if got == 0 { break }
            count += got
        }
        if count > CaseLoader.maximumFileSize { return .failure(CaseLoader.tooLarge(path: file, size: count)) }
        guard let text = String(validating: bytes[..<count], as: UTF8.self) else {
            return failure("is not UTF-8 text; save it as UTF-8")
        }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().lastPathComponent
        return .success(CaseSource(path: file, text: text, folderLanguage: Language(rawValue: folder)))
    }

    /// A library folder's cases and the files left out of it for their errors (by file name, which is the
    /// case's id), loaded once per process per folder.
    struct Library {
        let cases: [Case]
        let broken: [String: Diagnostic]
    }

    /// Read by the command's own thread only: the CLI loads libraries before any work is spread over cores.
    nonisolated(unsafe) private static var libraries: [String: Library] = [:]

    /// Every case of a library folder. A file with errors (a trainer's draft) disables only itself: the
    /// rest load, and its first error is told once, on standard error, with the command that lists them all.
    static func library(_ folder: URL, grader: Grader) throws -> [Case] {
        try loadLibrary(folder, grader: grader).cases
    }

    static func loadLibrary(_ folder: URL, grader: Grader) throws -> Library {
        if let loaded = libraries[folder.path] { return loaded }
        let (sources, unreadable) = try collect([folder.path])
        let (cases, diagnostics) = CaseLinter(loader: CaseLoader(analyzer: grader.analyzer)).lint(sources)
        let errors = unreadable + diagnostics.filter { $0.severity == .error }
        var broken: [String: Diagnostic] = [:]
        for error in errors {
            let name = URL(fileURLWithPath: error.path).deletingPathExtension().lastPathComponent
            if broken[name] == nil { broken[name] = error }
        }
        let brokenPaths = Set(errors.map(\.path))
        let good = cases.filter { !brokenPaths.contains($0.path) }
        for problem in broken.values.sorted(by: { $0.path < $1.path }) {
            // the trainee's notice names the file and place in their language; the detail is the trainer's, in
            // `cases check`, and the catalogue of each language says how much of it to show
            let place = "\(problem.path):\(problem.line):\(problem.column)"
            printError(Layout.terminal.wrap(Tongue.text("library.broken", ["where": place,
                "problem": problem.message(Tongue.catalog, Tongue.current)])))
        }
        let library = Library(cases: good, broken: broken)
        libraries[folder.path] = library
        return library
    }

    /// One case by id (in `language` when it exists there), or a path to a case file.
    static func find(_ reference: String, in folder: URL, language: Language?, grader: Grader) throws -> Case {
        if reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") {
            let (sources, unreadable) = try collect([reference])
            let (cases, diagnostics) = CaseLinter(loader: CaseLoader(analyzer: grader.analyzer)).lint(sources)
            let errors = unreadable + diagnostics.filter { $0.severity == .error }
            guard errors.isEmpty, let found = cases.first else {
                throw UserError(Tongue.text("case.file-errors") + "\n"
                    + errors.map(Tongue.line).joined(separator: "\n"))
            }
            return found
        }
        let loaded = try loadLibrary(folder, grader: grader)
        let cases = loaded.cases
        let matching = cases.filter { $0.id == reference }
        if let found = matching.first(where: { $0.language == (language ?? Tongue.current) }) ?? matching.first {
            return found
        }
        if let problem = loaded.broken[reference] {
            throw UserError(say: "case.broken", ["id": reference, "problem": Tongue.line(problem)])
        }
        let hint = Tongue.didYouMean(reference, among: Set(cases.map(\.id)))
        throw UserError(say: "case.unknown", ["id": reference, "folder": folder.path, "hint": hint], code: 2)
    }
}

/// One result slot per file, each written by its own task.
final class ReadSlots: @unchecked Sendable {
    private(set) var values: [Result<CaseSource, Diagnostic>]
    private let lock = NSLock()

    init(count: Int) {
        values = Array(repeating: .failure(Diagnostic(path: "", line: 1, column: 1, message: "")), count: count)
    }

    func set(_ index: Int, _ value: Result<CaseSource, Diagnostic>) { lock.withLock { values[index] = value } }
}
