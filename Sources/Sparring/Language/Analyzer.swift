import Foundation

/// The language packs, built once per process from the lexicon files: eagerly for the languages asked
/// for, lazily (on first use) for the rest. The files of the languages `load` reads are checked for
/// syntax at load time; a language it was told to leave alone is read when first needed.
/// `@unchecked Sendable`: `packs`, `lightCompilers` and `files` are read and written only under `lock`.
public final class Analyzer: @unchecked Sendable {
    private let lock = NSLock()
    private var packs: [Language: LanguagePack]
    private var lightCompilers: [Language: PatternCompiler] = [:]
    private var files: [Language: [String: String]]
    /// Where the lexicons of a language not read at load are read from when first needed.
    private let lexicons: URL?
    private let dictionaries: URL?

    public init(packs: [LanguagePack]) {
        self.packs = Dictionary(uniqueKeysWithValues: packs.map { ($0.language, $0) })
        files = [:]
        lexicons = nil
        dictionaries = nil
    }

    private init(packs: [Language: LanguagePack], files: [Language: [String: String]], lexicons: URL?, dictionaries: URL?) {
        self.packs = packs
        self.files = files
        self.lexicons = lexicons
        self.dictionaries = dictionaries
    }

    public func pack(_ language: Language) -> LanguagePack {
        lock.lock()
        defer { lock.unlock() }
        if let built = packs[language] { return built }
        let built: LanguagePack
        if let texts = files[language] {
            // the files passed the syntax check in `load`, so building cannot fail on them
            built = (try? Self.build(language, files: texts, dictionaries: dictionaries))
                ?? (try! LanguagePack(language: language, files: Self.emptyFiles, speller: nil))
        } else if let lexicons {
            // a language `load` was told it would not need: its files are read now, and a broken one
            // stops the program with the loader's own message, as it would have stopped `load`
            do {
                let texts = try Self.read(language, from: lexicons)
                files[language] = texts
                built = try Self.build(language, files: texts, dictionaries: dictionaries)
            } catch {
                fatalError("\(error)")
            }
        } else {
            built = try! LanguagePack(language: language, files: Self.emptyFiles, speller: nil)
        }
        packs[language] = built
        return built
    }

    /// The pattern compiler of a language. Without dictionaries it needs no lexicons, so linting case
    /// files never builds them; with dictionaries it is the pack's, so patterns know dictionary forms.
    public func compiler(_ language: Language) -> PatternCompiler {
        lock.lock()
        let lightWillDo = dictionaries == nil && files[language] != nil
        lock.unlock()
        guard lightWillDo else { return pack(language).compiler }
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

    /// Loads the lexicons of `languages` (checking their syntax) and builds the packs of `eager` now;
    /// any other language is read and built when first needed, so that a command that knows its language
    /// never reads the other's dictionaries, lexicons and model. Hunspell comes from `dictionaries`
    /// (`ru_RU`, `en_US`, `en_GB`) when present, else spelling is not checked.
    public static func load(lexicons: URL = bundledLexicons, dictionaries: URL? = URL(fileURLWithPath: "/usr/share/hunspell"),
                            eager: [Language] = Language.allCases,
                            languages: [Language] = Language.allCases) throws -> Analyzer {
        var files: [Language: [String: String]] = [:]
        var packs: [Language: LanguagePack] = [:]
        for language in Language.allCases where languages.contains(language) || eager.contains(language) {
            let texts = try read(language, from: lexicons)
            files[language] = texts
            if eager.contains(language) {
                packs[language] = try build(language, files: texts, dictionaries: dictionaries)
            } else {
                try LanguagePack.checkSyntax(language: language, files: texts)
            }
        }
        return Analyzer(packs: packs, files: files, lexicons: lexicons, dictionaries: dictionaries)
    }

    /// A language's lexicon files, by name without `.txt`.
    private static func read(_ language: Language, from lexicons: URL) throws -> [String: String] {
        let folder = lexicons.appendingPathComponent(language.rawValue)
        var texts: [String: String] = [:]
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where name.hasSuffix(".txt") {
            texts[String(name.dropLast(4))] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return texts
    }

    private static func build(_ language: Language, files: [String: String], dictionaries: URL?) throws -> LanguagePack {
        let names = dictionaries == nil ? [] : LanguageFacts.of(language).dictionaries
        let paths = names.compactMap { dictionaries?.appendingPathComponent($0).path }
            .filter { FileManager.default.fileExists(atPath: $0 + ".dic") }
        // opening Hunspell and reading the model each take tens of milliseconds and need nothing of each
        // other: they run side by side, which a command grading one reply waits for
        let speller = Slots<Speller?>(count: 1)
        let model = Slots<Result<SignalModel?, LanguagePack.LoadError>>(count: 1)
        defer {
            speller.release()
            model.release()
        }
        DispatchQueue.concurrentPerform(iterations: 2) { task in
            if task == 0 {
                speller.set(0, paths.isEmpty ? nil : Speller(dictionaries: paths, language: language))
            } else {
                model.set(0, Result { () throws(LanguagePack.LoadError) in try LanguagePack.model(language: language, files: files) })
            }
        }
        return try LanguagePack(language: language, files: files, speller: speller.values[0], model: model.values[0].get())
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

