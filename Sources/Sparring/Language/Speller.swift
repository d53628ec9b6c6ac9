import CHunspell
import Foundation

/// Hunspell spelling for one language, plus an allow-list of words the dictionary lacks
/// (product names, loanwords such as «скриншот»). Hunspell handles are not thread-safe: calls are serialised.
public final class Speller: @unchecked Sendable {
    private let handles: [OpaquePointer]
    private let lock = NSRecursiveLock()
    /// By the word's bytes: `String`'s own hashing normalises Cyrillic first, at every look-up.
    private var cache: [Symbols.Key: Bool] = [:]
    private var typoCache: [Symbols.Key: String?] = [:]
    private var lemmaCache: [Symbols.Key: [String]] = [:]
    private let alphabet: [Character]
    private let vowels: [Character]
    private let language: Language

    /// Opens the dictionaries at `paths` (each without `.aff`/`.dic`); a word is right when any accepts it,
    /// so British and American spellings both pass. Nil when none opens.
    public init?(dictionaries paths: [String], language: Language) {
        handles = paths.compactMap { Hunspell_create($0 + ".aff", $0 + ".dic") }
        guard !handles.isEmpty else { return nil }
        self.language = language
        switch language {
        case .ru:
            alphabet = Array("абвгдежзийклмнопрстуфхцчшщъыьэюя")
            vowels = Array("аеиоуыэюя")
        case .en:
            alphabet = Array("abcdefghijklmnopqrstuvwxyz")
            vowels = Array("aeiouy")
        }
    }

    deinit {
        for handle in handles { Hunspell_destroy(handle) }
    }

    private var handle: OpaquePointer? { handles.first }

    /// Adds words the dictionary should accept. A `word/model` entry inflects like `model`.
    public func allow(_ entries: [String]) {
        lock.lock()
        defer { lock.unlock() }
        for handle in handles {
            for entry in entries {
                let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
                if parts.count == 2 {
                    _ = Hunspell_add_with_affix(handle, parts[0], parts[1])
                } else {
                    _ = Hunspell_add(handle, entry)
                }
            }
        }
        cache.removeAll()
        typoCache.removeAll()
    }

    /// Whether Hunspell accepts the word as written.
    public func isCorrect(_ word: String) -> Bool {
        let key = Symbols.Key(word)
        lock.lock()
        defer { lock.unlock() }
        if let known = cache[key] { return known }
        let correct = handles.contains { Hunspell_spell($0, word) != 0 }
        if cache.count < 200_000 { cache[key] = correct }
        return correct
    }

    /// Words longer than this are not searched for a slip: the search tries every deletion, swap and
    /// insertion, each a dictionary look-up, so its cost grows with the square of the length (4,000
    /// letters took 24 s and 675 MB); the longest real words are about 35 letters.
    public static let maximumWordLength = 40

    /// The known word one typing slip away from `word` (a letter missed, doubled, swapped, or a vowel
    /// confused), or nil. Unknown words with no such neighbour are new words — «роутер», "devs" — not typos.
    public func typoCorrection(for word: String) -> String? {
        guard word.unicodeScalars.count <= Self.maximumWordLength else { return nil }
        let key = Symbols.Key(word)
        lock.lock()
        defer { lock.unlock() }
        if let known = typoCache[key] { return known }
        let result = findCorrection(word)
        if typoCache.count < 50_000 { typoCache[key] = result }
        return result
    }

    private func findCorrection(_ word: String) -> String? {
        let letters = Array(word)
        guard letters.count >= 4 else { return nil }
        let lower = letters.map { Character($0.lowercased()) }
        func check(_ candidate: [Character]) -> String? {
            var restored = candidate
            if letters[0].isUppercase, let first = restored.first { restored[0] = Character(first.uppercased()) }
            let text = String(restored)
            // «подгрузяться» is one slip from «подгрузятся», a reflexive the dictionary lacks
            return isCorrect(text) || language == .ru && isReflexive(ofKnown: text) ? text : nil
        }
        // a slip rarely hits the first letter, and a letter more or less there is often another real
        // word («урегулировщику» is not «регулировщику» misspelt): only a swap may touch it
        for index in lower.indices.dropFirst() {
            var deleted = lower
            deleted.remove(at: index)
            if let found = check(deleted) { return found }
        }
        for index in lower.indices.dropLast() {
            var swapped = lower
            swapped.swapAt(index, index + 1)
            if let found = check(swapped) { return found }
        }
        for index in lower.indices.dropFirst() where vowels.contains(lower[index]) {
            for vowel in vowels where vowel != lower[index] {
                var replaced = lower
                replaced[index] = vowel
                if let found = check(replaced) { return found }
            }
        }
        for index in 1...lower.count {
            for letter in alphabet {
                var inserted = lower
                inserted.insert(letter, at: index)
                if let found = check(inserted) { return found }
            }
        }
        return nil
    }

    /// Prefixes that make a new verb of a known one: «подгрузить» from «грузить», "re-enable" from "enable".
    static let prefixes: [Language: [String]] = [
        .ru: ["пере", "недо", "под", "подо", "про", "при", "над", "раз", "рас", "без", "бес", "воз", "вос", "из",
              "ис", "от", "ото", "об", "обо", "по", "до", "за", "на", "вы", "вз", "вс", "со"],
        .en: ["un", "re", "pre", "non", "co", "de", "sub", "anti", "over", "under", "self", "post", "mid", "multi",
              "semi", "ex", "e", "mis", "out", "auto"],
    ]

    /// «подгрузятся» of «подгрузят»: a Russian reflexive form of a known word.
    private func isReflexive(ofKnown form: String) -> Bool {
        guard form.count >= 6, form.hasSuffix("ся") || form.hasSuffix("сь") else { return false }
        return isCorrect(String(form.dropLast(2)))
    }

    /// Whether an unknown word is a regular form of a known one that the dictionary happens to lack:
    /// a Russian reflexive («подгрузятся» of «подгрузят», «обойдитесь» of «обойдите»), a prefixed verb
    /// («прогрузят» of «грузят»), an English prefix on a hyphen ("un-packaged", "re-enable").
    public func isRegularForm(_ word: String) -> Bool {
        let lower = Tokenizer.fold(word)
        switch language {
        case .ru:
            func known(_ form: String) -> Bool { isCorrect(form) || isReflexive(ofKnown: form) }
            if known(lower) { return true }
            return Self.prefixes[.ru]!.contains { prefix in
                lower.hasPrefix(prefix) && lower.count - prefix.count >= 4
                    && known(String(lower.dropFirst(prefix.count)))
            }
        case .en:
            let parts = lower.split(separator: "-", maxSplits: 1).map(String.init)
            return parts.count == 2 && Self.prefixes[.en]!.contains(parts[0]) && isCorrect(parts[1])
        }
    }

    /// Dictionary forms of a word («записью» → «запись», «звонка» → «звонок»), lower-cased; empty when unknown.
    public func lemmas(of word: String) -> [String] {
        let key = Symbols.Key(word)
        lock.lock()
        defer { lock.unlock() }
        if let known = lemmaCache[key] { return known }
        var result: [String] = []
        for handle in handles {
            var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
            let count = Int(Hunspell_stem(handle, &list, word))
            if let list {
                for index in 0..<count {
                    guard let item = list[index] else { continue }
                    let lemma = Tokenizer.fold(String(cString: item))
                    // Hunspell also offers prefix leftovers ("rest" and "ring" both give "re"), which would
                    // join unrelated words: a dictionary form shorter than three letters counts only as itself
                    if lemma.count >= 3 || lemma == Tokenizer.fold(word) {
                        // "unable" gives "able", «невозможно» «возможно»: a form found only behind a prefix is
                        // another word, often the opposite; inflection changes a word's end, not its start
                        if !Self.behindPrefix(lemma, in: Tokenizer.fold(word)) { result.append(lemma) }
                    }
                }
            }
            Hunspell_free_list(handle, &list, Int32(count))
            if !result.isEmpty { break }
        }
        if lemmaCache.count < 200_000 { lemmaCache[key] = result }
        return result
    }

    /// Whether `lemma` starts with another letter than `word` and its first three letters sit later in it.
    static func behindPrefix(_ lemma: String, in word: String) -> Bool {
        guard let first = lemma.first, word.first != first else { return false }
        let head = String(lemma.prefix(3))
        return head.count == 3 && word.dropFirst().contains(head)
    }

    /// Suggestions for display only: Hunspell takes tens of milliseconds for them.
    public func suggestions(for word: String, limit: Int = 3) -> [String] {
        lock.lock()
        defer { lock.unlock() }
        guard let handle else { return [] }
        var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        let count = Int(Hunspell_suggest(handle, &list, word))
        defer { Hunspell_free_list(handle, &list, Int32(count)) }
        guard let list else { return [] }
        return (0..<min(count, limit)).compactMap { list[$0].map { String(cString: $0) } }
    }
}
