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
        if files.isEmpty { throw ValidationError(Tongue.text("train.no-files")) }
    }

    func run() throws {
        let grader = try Grader.load()
        var examples: [Language: [SignalModelTrainer.Example]] = [:]
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw UserError(say: "train.cannot-read", ["file": path], code: 2)
            }
            for (offset, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(where: { !$0.isWhitespace }) {
                let location = "\(path):\(offset + 1)"
                guard let labelled = try? JSONDecoder().decode(LabelledReply.self, from: Data(line.utf8)) else {
                    throw UserError(Tongue.text("train.not-object"), at: location)
                }
                let code = labelled.lang
                guard let language = code.map({ Language(code: $0) }) ?? Analyzer.detectLanguage(labelled.text) else {
                    throw UserError(Tongue.text("cli.unknown-language", ["lang": code ?? ""]), at: location)
                }
                examples[language, default: []].append(
                    grader.analyzer.pack(language).trainingExample(labelled.text, labels: labelled.labels))
            }
        }
        guard !examples.isEmpty else { throw UserError(say: "train.nothing") }
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
            let words = Words(catalog: Tongue.catalog, language: Tongue.current)
            print(style.bold("\(file.path): " + words.count("train.replies", labelled.count)))
            // the column heads are padded to the figures' widths, in whichever language they are
            let heads = ["signal", "replies", "threshold", "precision", "recall", "added"].map { words("train.column.\($0)") }
            print("  " + Layout.pad(heads[0], to: 14) + [(heads[1], 9), (heads[2], 9), (heads[3], 9), (heads[4], 6)]
                .map { String(repeating: " ", count: max(0, $0.1 - Columns.of($0.0))) + $0.0 }.joined(separator: "  ")
                + "  " + heads[5])
            for outcome in outcomes {
                let name = "  " + outcome.signal.padding(toLength: 14, withPad: " ", startingAt: 0) + String(format: "%9d  ", outcome.examples)
                if outcome.isOn {
                    print(name + String(format: "%9.2f  %9.2f  %6.2f  %d", outcome.threshold, outcome.precision, outcome.recall, outcome.added))
                } else {
                    print(name + "      " + words("train.off"))
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
