import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Sparring

struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: Tongue.text("help.grade"))

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("case"), help: ArgumentHelp(Tongue.text("help.grade-case")))
    var caseReference: String?

    @Option(help: ArgumentHelp(Tongue.text("help.turn")))
    var turn = 1

    @Option(help: ArgumentHelp("A JSON-lines file (`-` for standard input): one object a line with `text`, "
                               + "and optional `id`, `lang`, `case`, `turn`."))
    var batch: String?

    @Option(help: ArgumentHelp("With --batch, grade on this many cores at once (default: all); the output is the same, "
                               + "in input order."))
    var jobs: Int?

    @Flag(help: ArgumentHelp(Tongue.text("help.json")))
    var json = false

    @Argument(help: ArgumentHelp(Tongue.text("help.reply")))
    var text: String?

    func validate() throws {
        if batch == nil && text == nil { throw ValidationError(Tongue.text("grade.no-text")) }
        if batch != nil && text != nil { throw ValidationError(Tongue.text("grade.both")) }
        if turn < 1 { throw ValidationError(Tongue.text("grade.turn")) }
        if let jobs, jobs < 1 { throw ValidationError(Tongue.text("grade.jobs")) }
        if jobs != nil && batch == nil { throw ValidationError(Tongue.text("grade.jobs-batch")) }
    }

    func run() throws {
        if let batch { return try runBatch(batch, grader: try Grader.load()) }
        var reply = text ?? ""
        if reply == "-" {
            reply = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        guard !reply.trimmed.isEmpty else {
            throw UserError(say: "grade.empty", code: 2)
        }
        // one reply needs one language: without a case it is known now, and only it is loaded; with a case,
        // only the case's language is built, when the case is read
        let known = try global.language() ?? (caseReference == nil ? Analyzer.detectLanguage(reply) ?? .en : nil)
        let grader = try known.map { try Grader.load(eager: [$0], languages: [$0]) } ?? Grader.load(eager: [])
        var caseFile: Case?
        if let caseReference {
            let folder = try global.casesFolder()
            // the case file in the reply's language: --lang, else the language the reply is written in,
            // else the profile's
            let wanted = try global.language() ?? Analyzer.detectLanguage(reply) ?? Tongue.lastProfileLanguage() ?? .en
            caseFile = try CaseFiles.find(caseReference, in: folder, language: wanted, grader: grader)
        }
        let language = try global.language() ?? caseFile?.language ?? Analyzer.detectLanguage(reply) ?? .en
        var conversation = Conversation(turn: turn)
        conversation.turn = turn
        let graded = grader.grade(reply, language: language, caseFile: caseFile, conversation: conversation)
        let score = max(0, 100 - graded.penalty)
        if json {
            print(GradeOutput(id: nil, graded: graded, score: score).json())
        } else {
            let renderer = FindingRenderer(style: global.style, catalog: grader.catalog, language: language)
            print(renderer.summary(graded.findings, score: score))
            for note in graded.notes { print(global.style.dim(note)) }
            for finding in graded.findings { print(renderer.render(finding)) }
        }
        if !graded.findings.isEmpty { throw ExitCode(1) }
    }

    private func runBatch(_ path: String, grader: Grader) throws {
        let descriptor = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw UserError("cannot read '\(path)': \(reason); give a JSON-lines file", code: 2)
        }
        defer { if descriptor != 0 { close(descriptor) } }
        let cases = CaseLibrary(global: global, grader: grader)
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let input = BatchInput(descriptor: descriptor, maximumLineLength: Self.maximumLineLength)
        var failed = 0
        // lines travel in small runs of those already read: one hand-over per line cost a tenth of two cores
        OrderedPipeline.run(jobs: jobs, window: jobs * 4, next: { input.next(upTo: 16) }, work: { lines in
            lines.map { Self.gradeLine($0, grader: grader, cases: cases) }
        }, emit: { results in
            var text = ""
            for case let (output, lineFailed)? in results {
                if lineFailed { failed += 1 }
                text += output + "\n"
            }
            // written and flushed as each run is graded: a huge or slow line never hides the runs before it
            if !text.isEmpty { StandardOutput.write(text) }
        })
        if let readError = input.error {
            throw UserError("reading '\(path)' stopped: \(readError); the lines before were graded")
        }
        if failed > 0 { throw ExitCode(1) }
    }

    /// A line longer than this is reported, not read, so that a line with no end never fills memory;
    /// anything shorter is graded, a long reply up to its first 20,000 characters.
    static let maximumLineLength = 16 << 20

    /// One batch line's JSON output and whether it failed; nil for a blank line.
    static func gradeLine(_ line: LineSplitter.Line, grader: Grader, cases: CaseLibrary) -> (String, Bool)? {
        func failure(_ error: BatchLineError, line number: Int) -> (String, Bool) {
            let id = error.id.map { "\"id\":\(JSONText.quote($0))," } ?? ""
            return ("{\"error\":\(JSONText.quote(error.message)),\(id)\"line\":\(number)}", true)
        }
        switch line {
        case .tooLong(let number, let length):
            let megabytes = String(format: "%.1f", Double(length) / 1_000_000)
            let limit = maximumLineLength >> 20
            let message = "line \(number) is \(megabytes) MB long; a batch line must be under \(limit) MiB, "
                + "so split the reply"
            return failure(BatchLineError(id: nil, message: message), line: number)
        case .line(let number, let bytes):
            // blank lines separate nothing and are skipped, as before
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0B || $0 == 0x0C }) { return nil }
            let request: BatchRequest
            switch BatchLine.parse(bytes, line: number) {
            case .success(let parsed): request = parsed
            case .failure(let error): return failure(error, line: number)
            }
            let language = request.language ?? Analyzer.detectLanguage(request.text) ?? .en
            var caseFile: Case?
            if let caseID = request.caseID {
                switch cases.find(caseID, language: language) {
                case .success(let found): caseFile = found
                case .failure(let error):
                    let message = "line \(number): \(error.description)"
                    return failure(BatchLineError(id: request.id, message: message), line: number)
                }
            }
            let graded = grader.grade(request.text, language: language, caseFile: caseFile,
                                      conversation: Conversation(turn: request.turn))
            let output = GradeOutput(id: request.id, graded: graded, score: max(0, 100 - graded.penalty))
            return (output.json(), false)
        }
    }
}

/// A batch file's lines, read a chunk at a time as they are asked for: only the lines in flight are in memory.
/// `@unchecked Sendable`: the pipeline calls `next` from its one reader thread only, and `error` is read
/// after the pipeline has finished.
final class BatchInput: @unchecked Sendable {
    private let descriptor: Int32
    private var splitter: LineSplitter
    private var ready: [LineSplitter.Line] = []
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)
    private var atEnd = false
    private(set) var error: String?

    init(descriptor: Int32, maximumLineLength: Int) {
        self.descriptor = descriptor
        splitter = LineSplitter(maximumLineLength: maximumLineLength)
    }

    func next() -> LineSplitter.Line? {
        while ready.isEmpty && !atEnd {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { error = String(cString: strerror(errno)) }
            if count <= 0 {
                atEnd = true
                if let last = splitter.finish() { ready.append(last) }
            } else {
                ready = splitter.push(chunk[..<count]).reversed()
            }
        }
        return ready.popLast()
    }

    /// The next line and up to `limit` in all of those already read after it: a line still on its way
    /// (a pipe) is not waited for.
    func next(upTo limit: Int) -> [LineSplitter.Line]? {
        guard let first = next() else { return nil }
        var lines = [first]
        while lines.count < limit, let line = ready.popLast() { lines.append(line) }
        return lines
    }
}

/// The case library for batch lines that name a case: read once, by whichever line needs it first.
/// `@unchecked Sendable`: `loaded` is read and written only under `lock`.
final class CaseLibrary: @unchecked Sendable {
    private let global: GlobalOptions
    private let grader: Grader
    private let lock = NSLock()
    private var loaded: Result<[String: [Case]], UserError>?

    init(global: GlobalOptions, grader: Grader) {
        self.global = global
        self.grader = grader
    }

    func find(_ id: String, language: Language) -> Result<Case, UserError> {
        let library: Result<[String: [Case]], UserError> = lock.withLock {
            if let loaded { return loaded }
            let result: Result<[String: [Case]], UserError>
            do {
                let cases = try CaseFiles.library(try global.casesFolder(), grader: grader)
                result = .success(Dictionary(grouping: cases, by: \.id))
            } catch let error as UserError {
                result = .failure(error)
            } catch {
                result = .failure(UserError("\(error)"))
            }
            loaded = result
            return result
        }
        switch library {
        case .failure(let error):
            return .failure(error)
        case .success(let cases):
            let matching = cases[id] ?? []
            if let found = matching.first(where: { $0.language == language }) ?? matching.first {
                return .success(found)
            }
            return .failure(UserError("no case '\(id)'\(Suggestion.didYouMean(id, among: cases.keys))"))
        }
    }
}

/// Standard output written straight to the descriptor, so that each result is out as soon as it is written.
enum StandardOutput {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(1, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}

/// One graded reply as JSON: SIGNALS.md's keys under `signals`, findings, score and evidence.
struct GradeOutput: Encodable {
    let id: String?
    let signals: Signals
    let findings: [Finding]
    let score: Int
    let passed: Bool
    let evidence: [String: Evidence]
    let notes: [String]

    init(id: String?, graded: GradedReply, score: Int) {
        self.id = id
        signals = graded.report.signals
        findings = graded.findings
        self.score = score
        passed = !graded.hasDeadly
        evidence = graded.report.evidence
        notes = graded.notes
    }

    /// Written by hand: JSONEncoder was a tenth of batch grading time.
    func json() -> String {
        var out = "{"
        out += "\"evidence\":{" + evidence.sorted { $0.key < $1.key }.map { key, value in
            "\(JSONText.quote(key)):{\"end\":\(value.end),\(value.note.map { "\"note\":\(JSONText.quote($0))," } ?? "")\"quote\":\(JSONText.quote(value.quote)),\"start\":\(value.start)}"
        }.joined(separator: ",") + "},"
        out += "\"findings\":[" + findings.map { finding in
            "{\"evidence\":[\(finding.evidence.map(JSONText.quote).joined(separator: ","))],\"instead\":\(JSONText.quote(finding.instead)),"
                + "\"message\":\(JSONText.quote(finding.message)),\"rule\":\(JSONText.quote(finding.rule)),\"severity\":\"\(finding.severity.rawValue)\"}"
        }.joined(separator: ",") + "],"
        if let id { out += "\"id\":\(JSONText.quote(id))," }
        if !notes.isEmpty { out += "\"notes\":[" + notes.map(JSONText.quote).joined(separator: ",") + "]," }
        out += "\"passed\":\(passed),\"score\":\(score),"
        let s = signals
        out += "\"signals\":{\"apology\":\(s.apology),\"asks_for\":[\(s.asksFor.map { "\"\($0.rawValue)\"" }.joined(separator: ","))],"
            + "\"canned\":\(s.canned),\"channel_push\":\(s.channelPush),\"clarifying\":\(s.clarifying),\"deflection\":\(s.deflection),"
            + "\"empathy\":\(s.empathy),\"escalation\":\(s.escalation),\"greeting\":\(s.greeting),\"hygiene\":\(s.hygiene)}"
        return out + "}"
    }
}

enum JSONText {
    /// A JSON string literal.
    static func quote(_ text: String) -> String {
        // most text needs no escaping at all
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
