import CHunspell

/// Hunspell spelling for one language, plus an allow-list of words the dictionary lacks
/// (product names, loanwords such as «скриншот»). Not thread-safe: one per analyser.
public final class Speller: @unchecked Sendable {
    private let handle: OpaquePointer?
    private var cache: [String: Bool] = [:]

    /// Opens `affixPath`/`dictionaryPath`; nil when either file is missing.
    public init?(affixPath: String, dictionaryPath: String) {
        guard let handle = Hunspell_create(affixPath, dictionaryPath) else { return nil }
        self.handle = handle
    }

    deinit {
        if let handle { Hunspell_destroy(handle) }
    }

    /// Adds words the dictionary should accept. A `word/model` entry inflects like `model`.
    public func allow(_ entries: [String]) {
        guard let handle else { return }
        for entry in entries {
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                _ = Hunspell_add_with_affix(handle, parts[0], parts[1])
            } else {
                _ = Hunspell_add(handle, entry)
            }
        }
        cache.removeAll()
    }

    /// Whether Hunspell accepts the word as written.
    public func isCorrect(_ word: String) -> Bool {
        if let known = cache[word] { return known }
        guard let handle else { return true }
        let correct = Hunspell_spell(handle, word) != 0
        if cache.count < 200_000 { cache[word] = correct }
        return correct
    }

    /// Suggestions for display only: Hunspell takes tens of milliseconds for them.
    public func suggestions(for word: String, limit: Int = 3) -> [String] {
        guard let handle else { return [] }
        var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        let count = Int(Hunspell_suggest(handle, &list, word))
        defer { Hunspell_free_list(handle, &list, Int32(count)) }
        guard let list else { return [] }
        return (0..<min(count, limit)).compactMap { list[$0].map { String(cString: $0) } }
    }
}
