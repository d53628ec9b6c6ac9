import Foundation

/// A linear model per signal, learned from labelled replies (`sparring train`), for the phrasings the
/// lexicons do not reach: «передала заявление старшему урегулировщику, он позвонит до 12:00».
///
/// The lexicons decide first and keep their evidence; the model can only add a signal they missed,
/// and only above a threshold that cross-validation chose when it was trained. Its evidence is the
/// sentence that weighed most. Features are the reply's stems, stem pairs, stems after a negation
/// and whether a sentence asks.
public struct SignalModel: Sendable {
    /// The signals a model may add. Greeting, data requests and writing are left to the rules: they
    /// need exact words and spans, which a bag of stems does not give.
    public static let signals = ["apology", "empathy", "deflection", "clarifying", "escalation", "channel_push", "canned"]

    public struct Head: Sendable, Equatable {
        public let signal: String
        public var bias: Double
        /// The probability from which the model adds the signal; above 1 the head never adds it.
        public var threshold: Double
    }

    public internal(set) var heads: [Head]
    /// Feature key to one weight per head: what training writes and the file holds.
    let weights: [Int64: [Double]]
    /// The same weights for prediction: rows of `headCount` numbers, found by stem id without strings.
    private let rows: [Double]
    private let wordRows: [Int32: Int]
    private let negatedWordRows: [Int32: Int]
    private let pairRows: [Int64: Int]
    private let questionRow: Int?

    init(heads: [Head], weights: [Int64: [Double]]) {
        self.heads = heads
        self.weights = weights
        var rows: [Double] = []
        var wordRows: [Int32: Int] = [:], negatedWordRows: [Int32: Int] = [:], pairRows: [Int64: Int] = [:]
        var questionRow: Int?
        for (key, row) in weights.sorted(by: { $0.key < $1.key }) {
            let index = rows.count / max(heads.count, 1)
            rows += row
            let payload = key & (1 << 60 - 1)
            switch key >> 60 {
            case 1: wordRows[Int32(payload)] = index
            case 2: negatedWordRows[Int32(payload)] = index
            case 3: pairRows[payload] = index
            default: questionRow = index
            }
        }
        self.rows = rows
        self.wordRows = wordRows
        self.negatedWordRows = negatedWordRows
        self.pairRows = pairRows
        self.questionRow = questionRow
    }

    /// A problem in a model file, with its line.
    public struct LineError: Error, Sendable {
        public let line: Int
        public let message: String
    }

    // MARK: features

    enum Feature {
        static func word(_ id: Int32) -> Int64 { 1 << 60 | Int64(id) }
        static func negatedWord(_ id: Int32) -> Int64 { 2 << 60 | Int64(id) }
        static func pair(_ first: Int32, _ second: Int32) -> Int64 { 3 << 60 | Int64(first) << 30 | Int64(second) }
        static let question: Int64 = 5 << 60

        /// The feature as written in a model file: `w:стем`, `not:стем`, `b:стем стем`, `question`.
        static func text(_ key: Int64) -> String {
            let payload = key & (1 << 60 - 1)
            switch key >> 60 {
            case 1: return "w:" + Symbols.shared.text(Int32(payload))
            case 2: return "not:" + Symbols.shared.text(Int32(payload))
            case 3: return "b:" + Symbols.shared.text(Int32(payload >> 30)) + " " + Symbols.shared.text(Int32(payload & (1 << 30 - 1)))
            default: return "question"
            }
        }

        /// Whether a feature is written as `key` reads it, without interning its stems.
        static func isWellFormed(_ text: String) -> Bool {
            if text == "question" { return true }
            guard let colon = text.firstIndex(of: ":") else { return false }
            let kind = text[..<colon], rest = text[text.index(after: colon)...]
            switch kind {
            case "w", "not": return !rest.isEmpty
            case "b": return rest.split(separator: " ").count == 2
            default: return false
            }
        }

        static func key(_ text: String) -> Int64? {
            if text == "question" { return question }
            guard let colon = text.firstIndex(of: ":") else { return nil }
            let kind = text[..<colon], rest = String(text[text.index(after: colon)...])
            guard !rest.isEmpty else { return nil }
            switch kind {
            case "w": return word(Symbols.shared.id(rest))
            case "not": return negatedWord(Symbols.shared.id(rest))
            case "b":
                let parts = rest.split(separator: " ")
                guard parts.count == 2 else { return nil }
                return pair(Symbols.shared.id(String(parts[0])), Symbols.shared.id(String(parts[1])))
            default: return nil
            }
        }
    }

    // MARK: prediction

    /// One head's verdict on a reply.
    struct Verdict {
        let probability: Double
        /// The sentence that weighed most for the signal.
        let sentence: Int
    }

    /// The probability of each head's signal for a reply. Each feature counts once for the reply, as in
    /// training; per sentence, every occurrence counts towards choosing the evidence.
    func verdicts(_ reply: AnalyzedReply, negation: Negation) -> [Verdict] {
        let count = heads.count
        var totals = heads.map(\.bias)
        var best = [(Double, Int)](repeating: (-.infinity, 0), count: count)
        var sentenceTotals = [Double](repeating: 0, count: count)
        var counted: [Int] = []
        for (index, sentence) in reply.sentences.enumerated() {
            for head in 0..<count { sentenceTotals[head] = 0 }
            func add(_ row: Int?) {
                guard let row else { return }
                let base = row * count
                for head in 0..<count { sentenceTotals[head] += rows[base + head] }
                if !counted.contains(row) {
                    counted.append(row)
                    for head in 0..<count { totals[head] += rows[base + head] }
                }
            }
            if sentence.isQuestion { add(questionRow) }
            let words = sentence.words
            let negated = negation.negatedWords(words)
            var previous: AnalyzedWord?
            for (position, word) in words.enumerated() where word.kind == .word && !word.quoted {
                add(negated[position] ? negatedWordRows[word.stemID] : wordRows[word.stemID])
                if let previous, previous.clause == word.clause { add(pairRows[Int64(previous.stemID) << 30 | Int64(word.stemID)]) }
                previous = word
            }
            for head in 0..<count where sentenceTotals[head] > best[head].0 { best[head] = (sentenceTotals[head], index) }
        }
        return (0..<count).map { Verdict(probability: 1 / (1 + exp(-totals[$0])), sentence: best[$0].1) }
    }

    // MARK: the file

    /// Reads a model file: a `signals` line naming the heads, `bias` and `threshold` lines with one
    /// number per head, then one feature a line with its weights, tab-separated; `#` starts a comment.
    public init(text: String) throws(LineError) {
        let parsed = try Self.parse(text, keepingWeights: true)
        self.init(heads: parsed.heads, weights: parsed.weights)
    }

    /// Checks a model file as `init(text:)` would, without building the model: what a quick start
    /// (the REPL's prompt) can afford before the language packs are built in the background.
    public static func validate(_ text: String) throws(LineError) {
        _ = try parse(text, keepingWeights: false)
    }

    private static func parse(_ text: String, keepingWeights: Bool) throws(LineError) -> (heads: [Head], weights: [Int64: [Double]]) {
        var heads: [String] = []
        var biases: [Double] = []
        var thresholds: [Double] = []
        var weights: [Int64: [Double]] = [:]
        // split on bytes, not on Characters: the file has thousands of lines and is read at every start
        for (offset, rawLine) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            if rawLine.first == UInt8(ascii: "#") || rawLine.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            let fields = rawLine.split(separator: UInt8(ascii: "\t")).map { String(decoding: $0, as: UTF8.self) }
            func numbers() throws(LineError) -> [Double] {
                guard !heads.isEmpty else { throw LineError(line: line, message: "the 'signals' line must come first") }
                let values = fields.dropFirst().compactMap { Double($0) ?? Double($0.trimmed) }
                guard values.count == fields.count - 1, values.count == heads.count, values.allSatisfy(\.isFinite) else {
                    let needed = heads.count == 1 ? "one number" : "\(heads.count) numbers"
                    throw LineError(line: line, message: "'\(fields[0])' needs \(needed), one per signal of the 'signals' line, separated by tabs")
                }
                return values
            }
            switch fields[0] {
            case "signals":
                heads = Array(fields.dropFirst())
                if let unknown = heads.first(where: { !Self.signals.contains($0) }) {
                    throw LineError(line: line, message: "unknown signal '\(unknown)'; a model can add \(Self.signals.joined(separator: ", "))")
                }
            case "bias": biases = try numbers()
            case "threshold": thresholds = try numbers()
            default:
                let key = keepingWeights ? Feature.key(fields[0]) : (Feature.isWellFormed(fields[0]) ? 0 : nil)
                guard let key else {
                    throw LineError(line: line, message: "unknown feature '\(fields[0])'; features are w:STEM, not:STEM, b:STEM STEM and question")
                }
                let row = try numbers()
                if keepingWeights { weights[key] = row }
            }
        }
        guard !heads.isEmpty else { throw LineError(line: 1, message: "no 'signals' line; retrain with 'sparring train'") }
        guard biases.count == heads.count, thresholds.count == heads.count else {
            throw LineError(line: 1, message: "the 'bias' and 'threshold' lines are missing; retrain with 'sparring train'")
        }
        return (heads.indices.map { Head(signal: heads[$0], bias: biases[$0], threshold: thresholds[$0]) }, weights)
    }

    /// The model as a file, features sorted so that retraining on the same replies writes the same file.
    public func text(header: String) -> String {
        var lines = header.split(separator: "\n").map { "# " + $0 }
        lines.append((["signals"] + heads.map(\.signal)).joined(separator: "\t"))
        lines.append((["bias"] + heads.map { Self.format($0.bias) }).joined(separator: "\t"))
        lines.append((["threshold"] + heads.map { Self.format($0.threshold) }).joined(separator: "\t"))
        let rows = weights.compactMap { key, row -> String? in
            guard row.contains(where: { abs($0) >= 0.0005 }) else { return nil }
            return ([Feature.text(key)] + row.map(Self.format)).joined(separator: "\t")
        }
        lines += rows.sorted()
        return lines.joined(separator: "\n") + "\n"
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded == 0 ? "0" : String(rounded)
    }
}

extension LanguagePack {
    /// The model features of each sentence of a reply.
    func modelFeatures(_ reply: AnalyzedReply) -> [[Int64]] {
        reply.sentences.map { sentence -> [Int64] in
            var keys: [Int64] = sentence.isQuestion ? [SignalModel.Feature.question] : []
            let negated = negation.negatedWords(sentence.words)
            var previous: AnalyzedWord?
            for (index, word) in sentence.words.enumerated() where word.kind == .word && !word.quoted {
                keys.append(negated[index] ? SignalModel.Feature.negatedWord(word.stemID) : SignalModel.Feature.word(word.stemID))
                if let previous, previous.clause == word.clause { keys.append(SignalModel.Feature.pair(previous.stemID, word.stemID)) }
                previous = word
            }
            return keys
        }
    }
}
