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

    /// A problem at `node`: its message's catalogue key (`case.error.…`), the placeholders' values, and the
    /// placeholders that are catalogue texts themselves.
    mutating func error(_ node: Node?, _ key: String, _ arguments: [String: String] = [:],
        terms: [String: String] = [:]) {
        report(node, .error, key, arguments, terms)
    }

    mutating func warning(_ node: Node?, _ key: String, _ arguments: [String: String] = [:],
        terms: [String: String] = [:]) {
        report(node, .warning, key, arguments, terms)
    }

    /// A required key is absent, unless an unknown key was already taken for it. `advice`: a catalogue key.
    mutating func missing(_ owner: Node?, _ key: String, _ advice: String? = nil) {
        guard !suggested.contains(key) else { return }
        error(owner, "case.error.missing-key", ["key": key, "advice": ""], terms: advice.map { ["advice": $0] } ?? [:])
    }

    mutating func report(_ node: Node?, _ severity: Diagnostic.Severity, _ key: String, _ arguments: [String: String],
                         _ terms: [String: String]) {
        let mark = node?.mark
        diagnostics.append(Diagnostic(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1, severity: severity,
                                      key: key, arguments: arguments, terms: terms))
    }

    /// What a node is, as the `found` placeholder: a catalogue term and the `value` it names.
    static func found(_ node: Node) -> (arguments: [String: String], terms: [String: String]) {
        switch node {
        case .scalar(let scalar):
            let text = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
            switch kind(of: scalar) {
            case .null: return (["value": ""], ["found": "case.found.nothing"])
            case .number: return (["value": text], ["found": "case.found.number"])
            case .boolean: return (["value": text], ["found": "case.found.boolean"])
            case .text: return (["value": text], ["found": "case.found.text"])
            }
        case .mapping: return ([:], ["found": "case.found.mapping"])
        case .sequence: return ([:], ["found": "case.found.list"])
        case .alias: return ([:], ["found": "case.found.alias"])
        }
    }

    /// A problem whose message ends in what was found instead.
    mutating func wrong(_ node: Node?, _ key: String, _ arguments: [String: String], found: Node?) {
        let (values, terms) = found.map(Self.found) ?? ([:], ["found": "case.found.nothing"])
        error(node, key, arguments.merging(values) { first, _ in first }, terms: terms)
    }

    /// What a scalar is under YAML 1.2's core schema: only plain (unquoted) scalars can be anything but text,
    /// so `escalate: no` stays text while `model_reply: true` is a boolean.
    enum ScalarKind: Equatable {
        case text, number, boolean, null
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

    /// The keys of a mapping, after reporting unknown and repeated keys.
    /// `what`: the catalogue term naming the part (`case.part.persona`), with `whatArguments` for its placeholders.
    mutating func mapping(_ node: Node, _ what: String, _ whatArguments: [String: String] = [:],
                          known: [String]) -> [String: (key: Node, value: Node)]? {
        func problem(_ node: Node, _ key: String, _ arguments: [String: String] = [:], terms: [String: String] = [:]) {
            error(node, key, whatArguments.merging(arguments) { _, new in new },
                terms: terms.merging(["what": what]) { a, _ in a })
        }
        guard case .mapping(let mapping) = node else {
            let (values, terms) = Self.found(node)
            problem(node, "case.error.not-mapping", values, terms: terms)
            return nil
        }
        var result: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                let (values, terms) = Self.found(key)
                problem(key, "case.error.key-not-word", values, terms: terms)
                continue
            }
            let name = scalar.string
            if result[name] != nil {
                problem(key, "case.error.key-twice", ["name": name])
                continue
            }
            if !known.contains(name) {
                // `{ text: a, b }` splits at the comma: the words after it become a key
                var (values, terms) = Suggestion.near(name, among: known)
                values["name"] = name
                if name.contains(" ") { terms["hint"] = "case.hint.comma-in-flow" } else { values["hint"] = "" }
                if let near = Suggestion.closest(name, among: known) { suggested.insert(near) }
                problem(key, "case.error.unknown-key", values, terms: terms)
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
            wrong(node, "case.error.not-text", ["key": key], found: node)
            return nil
        }
        let text = scalar.string
        switch Self.kind(of: scalar) {
        case .text: break
        case .null:
            if required { error(node, "case.error.empty", ["key": key]) }
            return nil
        case .number, .boolean:
            wrong(node, "case.error.not-text-quote", ["key": key], found: node)
            return nil
        }
        if required && text.isBlank {
            error(node, "case.error.empty", ["key": key])
            return nil
        }
        return text
    }

    mutating func integer(_ node: Node?, _ key: String, in owner: Node?, range: ClosedRange<Int>) -> Int? {
        guard let node else {
            missing(owner, key)
            return nil
        }
        let wanted = ["key": key, "low": String(range.lowerBound), "high": String(range.upperBound)]
        guard case .scalar(let scalar) = node else {
            wrong(node, "case.error.number-range", wanted, found: node)
            return nil
        }
        let written = wanted.merging(["value": scalar.string]) { first, _ in first }
        switch Self.kind(of: scalar) {
        case .number:
            guard let value = Int(scalar.string), range.contains(value) else {
                error(node, "case.error.number-range", written, terms: ["found": "case.found.text"])
                return nil
            }
            return value
        case .text where Int(scalar.string.trimmed) != nil:
            error(node, "case.error.number-range-quoted", written)
        case .null:
            error(node, "case.error.number-range", wanted, terms: ["found": "case.found.nothing"])
        default:
            error(node, "case.error.number-range", written, terms: ["found": "case.found.text"])
        }
        return nil
    }

    /// A true/false value: `passes: true`, not the text "true".
    mutating func boolean(_ node: Node, _ key: String) -> Bool? {
        if case .scalar(let scalar) = node {
            switch Self.kind(of: scalar) {
            case .boolean: return scalar.string.lowercased() == "true"
            case .text where ["true", "false"].contains(scalar.string.lowercased()):
                error(node, "case.error.boolean-quoted", ["key": key, "value": scalar.string])
                return nil
            default: break
            }
        }
        wrong(node, "case.error.boolean", ["key": key], found: node)
        return nil
    }

    mutating func choice<E: RawRepresentable & CaseIterable>(_ node: Node?, _ key: String, in owner: Node?, as: E.Type) -> E?
    where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        let choices = ["key": key, "names": names.joined(separator: ", ")]
        if case .scalar(let scalar)? = node, Self.kind(of: scalar) != .text {
            wrong(node, "case.error.choice", choices.merging(["near": ""]) { first, _ in first }, found: node)
            return nil
        }
        guard let text = string(node, key, in: owner) else { return nil }
        if let value = E(rawValue: text) { return value }
        let (values, terms) = Suggestion.near(text, among: names)
        let named = choices.merging(values) { first, _ in first }.merging(["value": text]) { first, _ in first }
        let found = terms.merging(["found": "case.found.text"]) { first, _ in first }
        error(node, "case.error.choice", named, terms: found)
        return nil
    }

    mutating func list(_ node: Node?, _ key: String) -> [Node] {
        guard let node else { return [] }
        guard case .sequence(let sequence) = node else {
            wrong(node, "case.error.not-list", ["key": key], found: node)
            return []
        }
        return Array(sequence)
    }

    mutating func strings(_ node: Node?, _ key: String) -> [(String, Node)] {
        list(node, key).compactMap { item in string(item, key).map { ($0, item) } }
    }
}

