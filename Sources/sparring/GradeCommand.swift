import ArgumentParser
import Foundation
import Sparring

struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade one reply, or a batch of replies. Exit 1 when there are findings.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("case"), help: "Grade against this case (id or file); without it only the case-independent rules run.")
    var caseReference: String?

    @Option(help: "Which reply of the conversation this is (a greeting is due in reply 1).")
    var turn = 1

    @Option(help: "A JSON-lines file: one object a line with `text`, `lang`, and optional `id`, `case`.")
    var batch: String?

    @Flag(help: "Print JSON.")
    var json = false

    @Argument(help: "The reply; `-` reads it from standard input.")
    var text: String?

    func validate() throws {
        if batch == nil && text == nil { throw ValidationError("give the reply to grade as TEXT, '-' for standard input, or --batch FILE") }
        if batch != nil && text != nil { throw ValidationError("give either TEXT or --batch FILE, not both") }
        if turn < 1 { throw ValidationError("--turn counts from 1") }
    }

    func run() throws {
        let grader = try Grader.load()
        if let batch { return try runBatch(batch, grader: grader) }
        var reply = text ?? ""
        if reply == "-" {
            reply = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        guard !reply.trimmed.isEmpty else {
            throw UserError("the reply is empty; give the text to grade", code: 2)
        }
        var caseFile: Case?
        if let caseReference {
            let folder = try global.casesFolder()
            caseFile = try CaseFiles.find(caseReference, in: folder, language: try global.language(), grader: grader)
        }
        let language = try global.language() ?? caseFile?.language ?? Analyzer.detectLanguage(reply) ?? .en
        var conversation = Conversation(turn: turn)
        conversation.turn = turn
        let graded = grader.grade(reply, language: language, caseFile: caseFile, conversation: conversation)
        let score = max(0, 100 - graded.penalty)
        if json {
            print(try GradeOutput(id: nil, graded: graded, score: score).json())
        } else {
            let renderer = FindingRenderer(style: global.style, catalog: grader.catalog, language: language)
            print(renderer.summary(graded.findings, score: score))
            for finding in graded.findings { print(renderer.render(finding)) }
        }
        if !graded.findings.isEmpty { throw ExitCode(1) }
    }

    private func runBatch(_ path: String, grader: Grader) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UserError("cannot read '\(path)'; give a JSON-lines file", code: 2)
        }
        var library: [String: [Case]]?
        var output = ""
        output.reserveCapacity(data.count * 3)
        for (offset, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            guard line.contains(where: { !$0.isWhitespace }) else { continue }
            func fail(_ message: String, id: String? = nil) {
                var object: [String: Any] = ["line": lineNumber, "error": message]
                if let id { object["id"] = id }
                let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
                output += String(decoding: data, as: UTF8.self) + "\n"
            }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                fail("line \(lineNumber) is not a JSON object")
                continue
            }
            let id = object["id"] as? String ?? (object["id"] as? NSNumber)?.stringValue
            guard let text = object["text"] as? String else {
                fail("line \(lineNumber) has no 'text' string", id: id)
                continue
            }
            var language = Analyzer.detectLanguage(text) ?? .en
            if let code = object["lang"] as? String {
                guard let parsed = Language(code: code) else {
                    fail("line \(lineNumber): unknown lang '\(code)'; use ru or en", id: id)
                    continue
                }
                language = parsed
            }
            var caseFile: Case?
            if let caseID = object["case"] as? String {
                if library == nil {
                    let folder = try global.casesFolder()
                    library = Dictionary(grouping: try CaseFiles.library(folder, grader: grader), by: \.id)
                }
                guard let found = library?[caseID]?.first(where: { $0.language == language }) ?? library?[caseID]?.first else {
                    fail("line \(lineNumber): no case '\(caseID)'", id: id)
                    continue
                }
                caseFile = found
            }
            let turn = (object["turn"] as? Int) ?? 1
            let graded = grader.grade(text, language: language, caseFile: caseFile, conversation: Conversation(turn: turn))
            output += try GradeOutput(id: id, graded: graded, score: max(0, 100 - graded.penalty)).json() + "\n"
            if output.utf8.count > 1 << 20 {
                print(output, terminator: "")
                output = ""
            }
        }
        print(output, terminator: "")
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

    init(id: String?, graded: GradedReply, score: Int) {
        self.id = id
        signals = graded.report.signals
        findings = graded.findings
        self.score = score
        passed = !graded.hasDeadly
        evidence = graded.report.evidence
    }

    /// Written by hand: JSONEncoder was a tenth of batch grading time.
    func json() throws -> String {
        var out = "{"
        out += "\"evidence\":{" + evidence.sorted { $0.key < $1.key }.map { key, value in
            "\(JSONText.quote(key)):{\"end\":\(value.end),\(value.note.map { "\"note\":\(JSONText.quote($0))," } ?? "")\"quote\":\(JSONText.quote(value.quote)),\"start\":\(value.start)}"
        }.joined(separator: ",") + "},"
        out += "\"findings\":[" + findings.map { finding in
            "{\"evidence\":[\(finding.evidence.map(JSONText.quote).joined(separator: ","))],\"instead\":\(JSONText.quote(finding.instead)),"
                + "\"message\":\(JSONText.quote(finding.message)),\"rule\":\(JSONText.quote(finding.rule)),\"severity\":\"\(finding.severity.rawValue)\"}"
        }.joined(separator: ",") + "],"
        if let id { out += "\"id\":\(JSONText.quote(id))," }
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
