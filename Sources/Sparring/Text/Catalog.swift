import Foundation

/// The program's own words, one file per language (`Catalog/<lang>.txt`, `key = value` lines):
/// prompts, help, rule texts, debrief headings, customer defaults. Adding a language adds a file.
public struct Catalog: Sendable {
    private let texts: [Language: [String: String]]

    public init(texts: [Language: [String: String]]) { self.texts = texts }

    /// The catalogue folder shipped with the library.
    public static var bundledFolder: URL { Bundle.module.resourceURL!.appendingPathComponent("Catalog") }

    public static func load(from folder: URL = bundledFolder) throws -> Catalog {
        var texts: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let text = try String(contentsOf: folder.appendingPathComponent("\(language.rawValue).txt"), encoding: .utf8)
            texts[language] = parse(text)
        }
        return Catalog(texts: texts)
    }

    static func parse(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.range(of: " = ") else { continue }
            let key = line[..<equals.lowerBound].trimmed
            var value = String(line[equals.upperBound...])
            // most lines have no `\n`: Foundation's replacement is the cost of reading the file at every start
            if value.utf8.contains(UInt8(ascii: "\\")) { value = value.replacingOccurrences(of: "\\n", with: "\n") }
            result[key] = value
        }
        return result
    }

    /// The text for `key` in `language`, else in English, else the key itself (a visible gap, never a crash).
    public func text(_ key: String, _ language: Language) -> String {
        texts[language]?[key] ?? texts[.en]?[key] ?? key
    }

    /// The text with `{name}` placeholders filled.
    public func text(_ key: String, _ language: Language, _ values: [String: String]) -> String {
        let template = text(key, language)
        guard !values.isEmpty, template.utf8.contains(UInt8(ascii: "{")) else { return template }
        // one pass over the template: a value that itself holds "{name}" (a quoted reply may) stays as written
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let value = values[String(rest[afterOpen..<close])] {
                result += value
                rest = rest[rest.index(after: close)...]
            } else {
                result += "{"
                rest = rest[afterOpen...]
            }
        }
        result += rest
        return result
    }

    public func has(_ key: String, _ language: Language) -> Bool { texts[language]?[key] != nil }

    /// The key in `family` (`mood`, `defect`, ...) whose text in `language` is `value`, or nil: how a word the
    /// catalogue gave is kept as its key, to be worded again in another language.
    public func key(of value: String, in family: String, _ language: Language) -> String? {
        let prefix = family + "."
        return texts[language]?.first { $0.key.hasPrefix(prefix) && $0.value == value }?.key
    }

    /// Keys present in one language and missing in another, for the catalogue test.
    public func missingKeys() -> [(Language, String)] {
        let all = Set(texts.values.flatMap(\.keys))
        return Language.allCases.flatMap { language in all.subtracting(texts[language]?.keys ?? [:].keys).sorted().map { (language, $0) } }
    }
}
