import Foundation
import Yams

/// Walks a composed YAML node tree, collecting `path:line:col` diagnostics: Yams reports positions
/// only for syntax errors, so every type and key check happens here on the nodes and their marks.
struct NodeReader {
    let path: String
    var diagnostics: [Diagnostic] = []
    /// Keys an unknown key was taken for ("persone" → "persona"): not reported missing again.
    private var suggested: Set<String> = []

    init(path: String) { self.path = path }

    mutating func error(_ node: Node?, _ message: String) {
        report(node, .error, message)
    }

    mutating func warning(_ node: Node?, _ message: String) {
        report(node, .warning, message)
    }

    /// A required key is absent, unless an unknown key was already taken for it.
    mutating func missing(_ owner: Node?, _ key: String, _ advice: String = "") {
        guard !suggested.contains(key) else { return }
        error(owner, "missing required key '\(key)'\(advice)")
    }

    mutating func report(_ node: Node?, _ severity: Diagnostic.Severity, _ message: String) {
        let mark = node?.mark
        diagnostics.append(Diagnostic(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1, severity: severity, message: message))
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            let text = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
            return "'\(text)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// The keys of a mapping, after reporting unknown and repeated keys.
    mutating func mapping(_ node: Node, _ what: String, known: [String]) -> [String: (key: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            error(node, "\(what) must be a mapping of keys to values; found \(Self.describe(node))")
            return nil
        }
        var result: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                error(key, "a key in \(what) must be a plain word; found \(Self.describe(key))")
                continue
            }
            let name = scalar.string
            if result[name] != nil {
                error(key, "key '\(name)' appears twice in \(what); keep one")
                continue
            }
            if !known.contains(name) {
                // `{ text: a, b }` splits at the comma: the words after it become a key
                let hint = name.contains(" ") ? "; a comma inside an unquoted value in { } starts a new key, so quote the value" : ""
                if let near = Suggestion.closest(name, among: known) { suggested.insert(near) }
                error(key, "unknown key '\(name)' in \(what)\(Suggestion.didYouMean(name, among: known))\(hint)")
                continue
            }
            result[name] = (key, value)
        }
        return result
    }

    mutating func string(_ node: Node?, _ key: String, in owner: Node? = nil, required: Bool = true) -> String? {
        guard let node else {
            if required { missing(owner, key) }
            return nil
        }
        guard case .scalar(let scalar) = node else {
            error(node, "'\(key)' must be text; found \(Self.describe(node))")
            return nil
        }
        let text = scalar.string
        if required && text.isBlank {
            error(node, "'\(key)' is empty; write it")
            return nil
        }
        return text
    }

    mutating func integer(_ node: Node?, _ key: String, in owner: Node?, range: ClosedRange<Int>) -> Int? {
        guard let text = string(node, key, in: owner) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            error(node, "'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound); found '\(text)'")
            return nil
        }
        return value
    }

    mutating func choice<E: RawRepresentable & CaseIterable>(_ node: Node?, _ key: String, in owner: Node?, as: E.Type) -> E?
    where E.RawValue == String {
        guard let text = string(node, key, in: owner) else { return nil }
        if let value = E(rawValue: text) { return value }
        let names = E.allCases.map(\.rawValue)
        error(node, "'\(key)' must be one of \(names.joined(separator: ", ")); found '\(text)'\(Suggestion.didYouMean(text, among: names))")
        return nil
    }

    mutating func list(_ node: Node?, _ key: String) -> [Node] {
        guard let node else { return [] }
        guard case .sequence(let sequence) = node else {
            error(node, "'\(key)' must be a list; found \(Self.describe(node))")
            return []
        }
        return Array(sequence)
    }

    mutating func strings(_ node: Node?, _ key: String) -> [(String, Node)] {
        list(node, key).compactMap { item in string(item, key).map { ($0, item) } }
    }
}

