import Foundation

/// The language packs, built once per process from the lexicon files: eagerly for the languages asked
/// for, lazily (on first use) for the rest, whose files are still checked for syntax at load time.
public final class Analyzer: @unchecked Sendable {
    private let lock = NSLock()
    private var packs: [Language: LanguagePack]
    private var lightCompilers: [Language: PatternCompiler] = [:]
    private let files: [Language: [String: String]]
    private let dictionaries: URL?

    public init(packs: [LanguagePack]) {
        self.packs = Dictionary(uniqueKeysWithValues: packs.map { ($0.language, $0) })
        files = [:]
        dictionaries = nil
    }

    private init(packs: [Language: LanguagePack], files: [Language: [String: String]], dictionaries: URL?) {
        self.packs = packs
        self.files = files
        self.dictionaries = dictionaries
    }

    public func pack(_ language: Language) -> LanguagePack {
        lock.lock()
        defer { lock.unlock() }
        if let built = packs[language] { return built }
        // the files passed the syntax check in `load`, so building cannot fail on them
        let built = (try? Self.build(language, files: files[language] ?? [:], dictionaries: dictionaries))
            ?? (try! LanguagePack(language: language, files: Self.emptyFiles, speller: nil))
        packs[language] = built
        return built
    }

    /// The pattern compiler of a language. Without dictionaries it needs no lexicons, so linting case
    /// files never builds them; with dictionaries it is the pack's, so patterns know dictionary forms.
    public func compiler(_ language: Language) -> PatternCompiler {
        guard dictionaries == nil, !files.isEmpty else { return pack(language).compiler }
        lock.lock()
        defer { lock.unlock() }
        if let built = packs[language] { return built.compiler }
        if let light = lightCompilers[language] { return light }
        let light = PatternCompiler(stemmer: Stemmer(language), speller: nil,
                                    meanings: LanguagePack.meaningNames(files[language] ?? [:]))
        lightCompilers[language] = light
        return light
    }

    /// Builds a language's pack now, on a background thread, so that it is ready when first needed.
    public func warmUp(_ language: Language) {
        Thread.detachNewThread { [self] in _ = pack(language) }
    }

    static let emptyFiles = Dictionary(uniqueKeysWithValues: LanguagePack.requiredLexicons.map { ($0, "") })

    /// The lexicon folder: `$SPARRING_LEXICONS` when a trainer points it at their own copy,
    /// else the one shipped with the library (`Lexicons/<lang>/*.txt`).
    public static var bundledLexicons: URL {
        if let folder = ProcessInfo.processInfo.environment["SPARRING_LEXICONS"], !folder.isEmpty {
            return URL(fileURLWithPath: folder)
        }
        return Bundle.module.resourceURL!.appendingPathComponent("Lexicons")
    }

    /// Loads the lexicons of every language (checking their syntax) and builds the packs of `eager` now;
    /// Hunspell comes from `dictionaries` (`ru_RU`, `en_US`, `en_GB`) when present, else spelling is not checked.
    public static func load(lexicons: URL = bundledLexicons, dictionaries: URL? = URL(fileURLWithPath: "/usr/share/hunspell"),
                            eager: [Language] = Language.allCases) throws -> Analyzer {
        var files: [Language: [String: String]] = [:]
        var packs: [Language: LanguagePack] = [:]
        for language in Language.allCases {
            let folder = lexicons.appendingPathComponent(language.rawValue)
            var texts: [String: String] = [:]
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names where name.hasSuffix(".txt") {
                texts[String(name.dropLast(4))] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            }
            files[language] = texts
            if eager.contains(language) {
                packs[language] = try build(language, files: texts, dictionaries: dictionaries)
            } else {
                try LanguagePack.checkSyntax(language: language, files: texts)
            }
        }
        return Analyzer(packs: packs, files: files, dictionaries: dictionaries)
    }

    private static func build(_ language: Language, files: [String: String], dictionaries: URL?) throws -> LanguagePack {
        var speller: Speller?
        if let dictionaries {
            let names = LanguageFacts.of(language).dictionaries
            let paths = names.map { dictionaries.appendingPathComponent($0).path }
                .filter { FileManager.default.fileExists(atPath: $0 + ".dic") }
            speller = Speller(dictionaries: paths, language: language)
        }
        return try LanguagePack(language: language, files: files, speller: speller)
    }

    /// The language a reply is written in: the one whose alphabet has most of its letters (the first
    /// language on a tie); nil when it has none of any.
    public static func detectLanguage(_ text: String) -> Language? {
        var counts = Array(repeating: 0, count: Language.allCases.count)
        for scalar in text.unicodeScalars where scalar.value > 0x40 {
            // one lookup a letter: the languages whose alphabet has it
            if let owners = letterOwners[scalar.value] { for index in owners { counts[index] += 1 } }
        }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] || counts[$0] == counts[$1] && $0 > $1 }),
              counts[best] > 0 else { return nil }
        return Language.allCases[best]
    }

    /// Each letter of every alphabet, to the indexes (in `Language.allCases`) of the languages that have it.
    private static let letterOwners: [UInt32: [Int]] = {
        var owners: [UInt32: [Int]] = [:]
        for (index, language) in Language.allCases.enumerated() {
            for letter in LanguageFacts.of(language).alphabet { owners[letter.value, default: []].append(index) }
        }
        return owners
    }()
}
