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

    /// What a scalar is under YAML 1.2's core schema: only plain (unquoted) scalars can be anything but text,
    /// so `escalate: no` stays text while `model_reply: true` is a boolean.
    enum ScalarKind: Equatable {
        case text, number, boolean, null

        var described: String {
            switch self {
            case .text: return "text"
            case .number: return "a number"
            case .boolean: return "a true/false value"
            case .null: return "null (nothing)"
            }
        }
    }

    static func kind(of scalar: Node.Scalar) -> ScalarKind {
        guard scalar.style == .plain || scalar.style == .any else { return .text }
        return kind(plain: scalar.string)
    }

    /// What an unquoted scalar's text is.
    static func kind(plain text: String) -> ScalarKind {
        // the core schema's words and numbers are all short and ASCII: anything else is text at once
        guard text.utf8.count <= 40 else { return .text }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "false", "False", "FALSE": return .boolean
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN":
            return .number
        default: break
        }
        let bytes = Array(text.utf8)
        func digits(_ slice: ArraySlice<UInt8>, _ allowed: (UInt8) -> Bool) -> Bool {
            !slice.isEmpty && slice.allSatisfy(allowed)
        }
        let isDecimal: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            let isOctal: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }
            let isHex: (UInt8) -> Bool = { isDecimal($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")) ~= $0 | 0x20 }
            if bytes[1] == UInt8(ascii: "o"), digits(bytes[2...], isOctal) { return .number }
            if bytes[1] == UInt8(ascii: "x"), digits(bytes[2...], isHex) { return .number }
        }
        // [-+]? ( . digits | digits ( . digits? )? ) ( [eE] [-+]? digits )?
        var index = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
        let integerStart = index
        while index < bytes.count, isDecimal(bytes[index]) { index += 1 }
        var mantissa = index > integerStart
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < bytes.count, isDecimal(bytes[index]) { index += 1 }
            mantissa = mantissa || index > fractionStart
        }
        guard mantissa else { return .text }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, [UInt8(ascii: "-"), UInt8(ascii: "+")].contains(bytes[index]) { index += 1 }
            guard digits(bytes[index...], isDecimal) else { return .text }
            index = bytes.count
        }
        return index == bytes.count ? .number : .text
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            let text = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
            let kind = kind(of: scalar)
            if kind == .null { return "nothing" }
            if kind != .text { return "\(kind.described) '\(text)'" }
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
        switch Self.kind(of: scalar) {
        case .text: break
        case .null:
            if required { error(node, "'\(key)' is empty; write it") }
            return nil
        case .number, .boolean:
            let found = Self.describe(node)
            error(node, "'\(key)' must be text; found \(found), so put it in quotes if it is meant as text")
            return nil
        }
        if required && text.isBlank {
            error(node, "'\(key)' is empty; write it")
            return nil
        }
        return text
    }

    mutating func integer(_ node: Node?, _ key: String, in owner: Node?, range: ClosedRange<Int>) -> Int? {
        guard let node else {
            missing(owner, key)
            return nil
        }
        let wanted = "'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound)"
        guard case .scalar(let scalar) = node else {
            error(node, "\(wanted); found \(Self.describe(node))")
            return nil
        }
        switch Self.kind(of: scalar) {
        case .number:
            guard let value = Int(scalar.string), range.contains(value) else {
                error(node, "\(wanted); found '\(scalar.string)'")
                return nil
            }
            return value
        case .text where Int(scalar.string.trimmed) != nil:
            error(node, "\(wanted); found the text '\(scalar.string)', so remove the quotes")
        case .null:
            error(node, "\(wanted); found nothing")
        default:
            error(node, "\(wanted); found '\(scalar.string)'")
        }
        return nil
    }

    /// A true/false value: `passes: true`, not the text "true".
    mutating func boolean(_ node: Node, _ key: String) -> Bool? {
        if case .scalar(let scalar) = node {
            switch Self.kind(of: scalar) {
            case .boolean: return scalar.string.lowercased() == "true"
            case .text where ["true", "false"].contains(scalar.string.lowercased()):
                error(node, "'\(key)' must be true or false; found the text '\(scalar.string)', so remove the quotes")
                return nil
            default: break
            }
        }
        error(node, "'\(key)' must be true or false; found \(Self.describe(node))")
        return nil
    }

    mutating func choice<E: RawRepresentable & CaseIterable>(_ node: Node?, _ key: String, in owner: Node?, as: E.Type) -> E?
    where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        if case .scalar(let scalar)? = node, Self.kind(of: scalar) != .text {
            error(node, "'\(key)' must be one of \(names.joined(separator: ", ")); found \(Self.describe(node!))")
            return nil
        }
        guard let text = string(node, key, in: owner) else { return nil }
        if let value = E(rawValue: text) { return value }
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

