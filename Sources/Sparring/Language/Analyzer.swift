import Foundation

/// The language packs of every language, built once per process from the lexicon files.
public final class Analyzer: @unchecked Sendable {
    private let packs: [Language: LanguagePack]

    public init(packs: [LanguagePack]) {
        self.packs = Dictionary(uniqueKeysWithValues: packs.map { ($0.language, $0) })
    }

    public func pack(_ language: Language) -> LanguagePack { packs[language]! }

    /// The lexicon folder: `$SPARRING_LEXICONS` when a trainer points it at their own copy,
    /// else the one shipped with the library (`Lexicons/<lang>/*.txt`).
    public static var bundledLexicons: URL {
        if let folder = ProcessInfo.processInfo.environment["SPARRING_LEXICONS"], !folder.isEmpty {
            return URL(fileURLWithPath: folder)
        }
        return Bundle.module.resourceURL!.appendingPathComponent("Lexicons")
    }

    /// Loads every language's lexicons from `lexicons` and, where `dictionaries` holds
    /// `ru_RU.aff/.dic` and `en_US.aff/.dic`, Hunspell; without them spelling is not checked.
    public static func load(lexicons: URL = bundledLexicons, dictionaries: URL? = URL(fileURLWithPath: "/usr/share/hunspell")) throws -> Analyzer {
        var packs: [LanguagePack] = []
        for language in Language.allCases {
            let folder = lexicons.appendingPathComponent(language.rawValue)
            var files: [String: String] = [:]
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names where name.hasSuffix(".txt") {
                files[String(name.dropLast(4))] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            }
            var speller: Speller?
            if let dictionaries {
                let names = language == .ru ? ["ru_RU"] : ["en_US", "en_GB"]
                let paths = names.map { dictionaries.appendingPathComponent($0).path }
                    .filter { FileManager.default.fileExists(atPath: $0 + ".dic") }
                speller = Speller(dictionaries: paths, language: language)
            }
            packs.append(try LanguagePack(language: language, files: files, speller: speller))
        }
        return Analyzer(packs: packs)
    }

    /// The language a reply is written in, by its letters; nil when it has none.
    public static func detectLanguage(_ text: String) -> Language? {
        var cyrillic = 0
        var latin = 0
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            if (0x0400...0x04FF).contains(scalar.value) { cyrillic += 1 } else if scalar.isASCII { latin += 1 }
        }
        if cyrillic == 0 && latin == 0 { return nil }
        return cyrillic >= latin ? .ru : .en
    }
}
