import ArgumentParser
import Foundation
import Sparring

/// Learns the signal model that sits beside the lexicons from a trainer's labelled replies.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: Tongue.text("help.train"),
        discussion: """
            Each FILE is JSON lines: `text`, `lang`, and the SIGNALS.md keys as true or false (at the top \
            level or under `signals`). Writes OUT/<lang>/signal-model.txt for every language with labelled \
            replies, and prints, per signal, the threshold chosen by cross-validation and how the model alone did there.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp(Tongue.text("help.train-out")))
    var out: String

    @Argument(help: ArgumentHelp(Tongue.text("help.train-files")))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one labelled JSON-lines file") }
    }

    func run() throws {
        let grader = try Grader.load()
        var examples: [Language: [SignalModelTrainer.Example]] = [:]
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw UserError("cannot read '\(path)'; give a labelled JSON-lines file", code: 2)
            }
            for (offset, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(where: { !$0.isWhitespace }) {
                let location = "\(path):\(offset + 1)"
                guard let labelled = try? JSONDecoder().decode(LabelledReply.self, from: Data(line.utf8)) else {
                    throw UserError("not a JSON object with a 'text' string; fix or remove the line", at: location)
                }
                let code = labelled.lang
                guard let language = code.map({ Language(code: $0) }) ?? Analyzer.detectLanguage(labelled.text) else {
                    throw UserError("unknown lang '\(code ?? "")'; use ru or en", at: location)
                }
                examples[language, default: []].append(
                    grader.analyzer.pack(language).trainingExample(labelled.text, labels: labelled.labels))
            }
        }
        guard !examples.isEmpty else { throw UserError("the files hold no labelled replies") }
        let style = global.style
        for language in Language.allCases {
            guard let labelled = examples[language] else { continue }
            let (model, outcomes) = SignalModelTrainer.train(labelled)
            let folder = URL(fileURLWithPath: out).appendingPathComponent(language.rawValue)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let header = """
                The signal model for '\(language.rawValue)': learned by `sparring train` from \(labelled.count) labelled replies.
                Retrain rather than edit: the thresholds were chosen by cross-validation for these weights.
                """
            let file = folder.appendingPathComponent("signal-model.txt")
            try model.text(header: header).write(to: file, atomically: true, encoding: .utf8)
            print(style.bold("\(file.path): \(labelled.count) replies"))
            print("  signal          replies  threshold  precision  recall  missed by lexicons, found")
            for outcome in outcomes {
                let name = "  " + outcome.signal.padding(toLength: 14, withPad: " ", startingAt: 0) + String(format: "%9d  ", outcome.examples)
                if outcome.isOn {
                    print(name + String(format: "%9.2f  %9.2f  %6.2f  %d", outcome.threshold, outcome.precision, outcome.recall, outcome.added))
                } else {
                    print(name + "      off  (nowhere right 9 times in 10)")
                }
            }
        }
    }
}

/// One line of a labelled file: the reply, its language, and the signals' labels, at the top level or under
/// `signals`; a key that is not a signal, or not true or false (`asks_for`), is no label.
struct LabelledReply: Decodable {
    let text: String
    let lang: String?
    let labels: [String: Bool]

    struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        text = try container.decode(String.self, forKey: Key(stringValue: "text"))
        lang = try? container.decodeIfPresent(String.self, forKey: Key(stringValue: "lang"))
        let nested = try? container.nestedContainer(keyedBy: Key.self, forKey: Key(stringValue: "signals"))
        let source = nested ?? container
        var labels: [String: Bool] = [:]
        for signal in SignalModel.signals {
            if let value = try? source.decodeIfPresent(Bool.self, forKey: Key(stringValue: signal)) {
                labels[signal] = value
            }
        }
        self.labels = labels
    }
}
