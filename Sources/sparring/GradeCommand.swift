import ArgumentParser
import Foundation
import Sparring

struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grade", abstract: "Grade one reply, or a batch of replies.")

    @Option(help: "A JSON-lines file: one object a line with `text`, `lang` and optional `id`, `case`.")
    var batch: String?

    @Flag(help: "Print JSON.")
    var json = false

    @Argument(help: "The reply; `-` reads it from standard input.")
    var text: String?

    func run() throws {
        let analyzer = try Analyzer.load()
        if let batch {
            let data = try String(contentsOfFile: batch, encoding: .utf8)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var output = ""
            for line in data.split(separator: "\n") {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let text = object["text"] as? String else { continue }
                let language = (object["lang"] as? String).flatMap(Language.init(code:)) ?? Analyzer.detectLanguage(text) ?? .en
                let report = analyzer.pack(language).signals(for: text)
                struct Out: Encodable { let id: String?; let signals: Signals; let evidence: [String: Evidence] }
                output += String(decoding: try encoder.encode(Out(id: object["id"] as? String, signals: report.signals, evidence: report.evidence)), as: UTF8.self) + "\n"
            }
            print(output, terminator: "")
        }
    }
}
