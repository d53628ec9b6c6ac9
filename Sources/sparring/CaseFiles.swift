import Foundation
import Sparring

/// Finds and reads case files for the commands: folders are walked for `.yaml`, files too large are
/// refused unread, and a file's folder (`ru/`, `en/`) gives its expected language.
enum CaseFiles {
    static func collect(_ paths: [String]) throws -> (sources: [CaseSource], diagnostics: [Diagnostic]) {
        var sources: [CaseSource] = []
        var diagnostics: [Diagnostic] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw UserError("'\(path)' does not exist; name a case file or a folder of them", code: 2)
            }
            var files: [String] = []
            if isDirectory.boolValue {
                let enumerator = manager.enumerator(atPath: path)
                while let relative = enumerator?.nextObject() as? String {
                    if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
                        files.append((path as NSString).appendingPathComponent(relative))
                    }
                }
                files.sort()
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

    /// One file as a case source, or why it cannot be one; files over the size limit are not read.
    static func read(_ file: String) -> Result<CaseSource, Diagnostic> {
        let manager = FileManager.default
        let size = ((try? manager.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.intValue ?? 0
        if size > CaseLoader.maximumFileSize { return .failure(CaseLoader.tooLarge(path: file, size: size)) }
        guard let data = manager.contents(atPath: file) else {
            return .failure(Diagnostic(path: file, line: 1, column: 1, message: "cannot read the file; check its permissions"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(Diagnostic(path: file, line: 1, column: 1, message: "the file is not UTF-8 text; save it as UTF-8"))
        }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().lastPathComponent
        return .success(CaseSource(path: file, text: text, folderLanguage: Language(rawValue: folder)))
    }

    /// Loads every case of a library folder, failing with the first file's errors.
    static func library(_ folder: URL, grader: Grader) throws -> [Case] {
        let (sources, unreadable) = try collect([folder.path])
        let (cases, diagnostics) = CaseLinter(loader: CaseLoader(analyzer: grader.analyzer)).lint(sources)
        let errors = unreadable + diagnostics.filter { $0.severity == .error }
        if let first = errors.first {
            throw UserError("the case library has errors, first: \(first); run 'sparring cases check' for all of them")
        }
        return cases
    }

    /// One case by id (in `language` when it exists there), or a path to a case file.
    static func find(_ reference: String, in folder: URL, language: Language?, grader: Grader) throws -> Case {
        if reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") {
            let (sources, unreadable) = try collect([reference])
            let (cases, diagnostics) = CaseLinter(loader: CaseLoader(analyzer: grader.analyzer)).lint(sources)
            let errors = unreadable + diagnostics.filter { $0.severity == .error }
            guard errors.isEmpty, let found = cases.first else {
                throw UserError("the case file has errors:\n" + errors.map(\.description).joined(separator: "\n"))
            }
            return found
        }
        let cases = try library(folder, grader: grader)
        let matching = cases.filter { $0.id == reference }
        if let found = matching.first(where: { $0.language == (language ?? .ru) }) ?? matching.first { return found }
        let hint = Suggestion.didYouMean(reference, among: Set(cases.map(\.id)))
        throw UserError("no case '\(reference)' in \(folder.path)\(hint) ('sparring cases list' shows them all)", code: 2)
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
