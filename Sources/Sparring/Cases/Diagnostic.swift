/// One problem in a file, printed as `path:line:col: error: message` like a compiler. It carries the
/// catalogue key of its message and the values of the placeholders; only a reader words it, in their language.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible, Codable {
    public enum Severity: String, Sendable, Codable { case error, warning }

    public let path: String
    public let line: Int
    public let column: Int
    public let severity: Severity
    /// The message's catalogue key (`case.error.unknown-key`) and the values of its `{placeholders}`.
    public let key: String
    public let arguments: [String: String]
    /// Placeholders that are catalogue texts themselves (`what` → `case.part.persona`), worded in the reader's
    /// language with the same arguments.
    public let terms: [String: String]

    public init(path: String, line: Int, column: Int, severity: Severity = .error, key: String,
                arguments: [String: String] = [:], terms: [String: String] = [:]) {
        self.path = path
        self.line = line
        self.column = column
        self.severity = severity
        self.key = key
        self.arguments = arguments
        self.terms = terms
    }

    /// A problem worded by someone else (the YAML parser, the system), kept as it was said.
    public init(path: String, line: Int, column: Int, severity: Severity = .error, message: String) {
        self.init(path: path, line: line, column: column, severity: severity, key: "diagnostic.text",
                  arguments: ["text": message])
    }

    public func message(_ catalog: Catalog, _ language: Language) -> String {
        var values = arguments
        for (name, term) in terms { values[name] = catalog.text(term, language, arguments) }
        return catalog.text(key, language, values)
    }

    /// The message in English: what `description` and `cases check --json` keep.
    public var message: String { message(Self.english, .en) }

    /// The bundled catalogue, read once for English messages.
    static let english: Catalog = (try? Catalog.load()) ?? Catalog(texts: [:])

    public var description: String { "\(path):\(line):\(column): \(severity.rawValue): \(message)" }

    enum CodingKeys: String, CodingKey { case path, line, column, severity, key, arguments, terms, message }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        line = try container.decode(Int.self, forKey: .line)
        column = try container.decode(Int.self, forKey: .column)
        severity = try container.decode(Severity.self, forKey: .severity)
        if let key = try container.decodeIfPresent(String.self, forKey: .key) {
            self.key = key
            arguments = try container.decodeIfPresent([String: String].self, forKey: .arguments) ?? [:]
            terms = try container.decodeIfPresent([String: String].self, forKey: .terms) ?? [:]
        } else {
            key = "diagnostic.text"
            arguments = ["text": try container.decode(String.self, forKey: .message)]
            terms = [:]
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
        try container.encode(severity, forKey: .severity)
        try container.encode(key, forKey: .key)
        try container.encode(arguments, forKey: .arguments)
        try container.encode(terms, forKey: .terms)
        try container.encode(message, forKey: .message)
    }
}

/// Did-you-mean suggestions for names a user typed.
public enum Suggestion {
    /// "; did you mean 'x'?" for the closest known name within a small edit distance, or "".
    public static func didYouMean(_ word: String, among candidates: some Sequence<String>) -> String {
        closest(word, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// The placeholders of a diagnostic's did-you-mean (`{near}`): the catalogue's suggestion when a known
    /// name is close, else nothing.
    static func near(_ word: String, among candidates: some Sequence<String>) -> (arguments: [String: String],
        terms: [String: String]) {
        guard let name = closest(word, among: candidates) else { return (["near": ""], [:]) }
        return (["suggestion": name], ["near": "case.did-you-mean"])
    }

    /// The known name within a small edit distance of `word`, if any.
    public static func closest(_ word: String, among candidates: some Sequence<String>) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= max(2, candidate.count / 3), distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        return best?.0
    }

    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
