/// One problem in a file, printed as `path:line:col: error: message` like a compiler.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible, Codable {
    public enum Severity: String, Sendable, Codable { case error, warning }

    public let path: String
    public let line: Int
    public let column: Int
    public let severity: Severity
    public let message: String

    public init(path: String, line: Int, column: Int, severity: Severity = .error, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    public var description: String { "\(path):\(line):\(column): \(severity.rawValue): \(message)" }
}

/// Did-you-mean suggestions for names a user typed.
public enum Suggestion {
    /// "; did you mean 'x'?" for the closest known name within a small edit distance, or "".
    public static func didYouMean(_ word: String, among candidates: some Sequence<String>) -> String {
        closest(word, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
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
