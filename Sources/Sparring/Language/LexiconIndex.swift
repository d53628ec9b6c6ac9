import Synchronization

/// Every lexicon of a language in one index by interned word, built once when the language loads: a
/// reply's words are looked up once for all lexicons (`ReplyCandidates`), where each lexicon looking up
/// every word again made a reply cost its words times its lexicons in dictionary look-ups.
struct LexiconIndex: Sendable {
    /// A pattern of one lexicon: the lexicon's place in the index and the pattern's in the lexicon.
    struct Entry: Sendable {
        let lexicon: Int32
        let position: Int32
        /// The pattern's `PatternProgram.follow`: what one of the next words must have, 0 for anything,
        /// and whether that is the very next word (else any of the next `nearWindow`).
        let follow: UInt64
        let nextOnly: Bool
    }

    /// The window after a gap `...` of three words: a gap of another length is not filtered.
    static let nearWindow = 4

    /// Which index a reply's candidates came from: a reply analysed by one pack is never read with another's.
    let identity: Int
    let lexiconCount: Int
    private let byKey: [Int32: [Entry]]
    private let byLemma: [Int32: [Entry]]
    private let byPrefix: [UInt64: [Entry]]

    private static let counter = Atomic<Int>(0)

    /// `lexicons[n]` gets ordinal `n`; each keeps its own patterns' order, which decides ties between
    /// matches of the same length, so a lexicon finds exactly what its own index would.
    init(_ lexicons: [Lexicon]) {
        identity = Self.counter.add(1, ordering: .relaxed).newValue
        lexiconCount = lexicons.count
        var byKey: [Int32: [Entry]] = [:], byLemma: [Int32: [Entry]] = [:], byPrefix: [UInt64: [Entry]] = [:]
        for (ordinal, lexicon) in lexicons.enumerated() {
            lexicon.forEachKey { key, position in
                let (follow, window) = lexicon.follow(position)
                let entry = Entry(lexicon: Int32(ordinal), position: Int32(position),
                                  follow: window == 1 || window == Self.nearWindow ? follow : 0, nextOnly: window == 1)
                switch key {
                case .word(let id): byKey[id, default: []].append(entry)
                case .lemma(let id): byLemma[id, default: []].append(entry)
                case .prefix(let initials): byPrefix[initials, default: []].append(entry)
                }
            }
        }
        self.byKey = byKey
        self.byLemma = byLemma
        self.byPrefix = byPrefix
    }

    /// The patterns of every lexicon that could start at each word of a reply, grouped by lexicon,
    /// then by sentence and word, in the order each lexicon's own index gives them.
    func candidates(_ sentences: [AnalyzedSentence]) -> ReplyCandidates {
        var found: [(lexicon: Int32, item: ReplyCandidates.Item)] = []
        var counts = [Int32](repeating: 0, count: lexiconCount + 1)
        for (sentence, words) in sentences.lazy.map(\.words).enumerated() {
            let signatures = words.map(PatternProgram.signature)
            for (index, word) in words.enumerated() {
                // a pattern whose second word cannot be among the next ones is no candidate (most that start with "we")
                let next = index + 1 < words.count ? signatures[index + 1] : 0
                var near = next
                var later = index + 2
                while later < min(words.count, index + 1 + Self.nearWindow) {
                    near |= signatures[later]
                    later += 1
                }
                func add(_ entries: [Entry]?) {
                    guard let entries else { return }
                    for entry in entries where entry.follow == 0 || entry.follow & (entry.nextOnly ? next : near) != 0 {
                        found.append((entry.lexicon, ReplyCandidates.Item(sentence: Int32(sentence), word: Int32(index),
                                                                          position: entry.position)))
                        counts[Int(entry.lexicon) + 1] += 1
                    }
                }
                // the order of `Lexicon.forEachCandidate`: stem, form, dictionary forms, first letters
                add(byKey[word.stemID])
                if word.foldedID != word.stemID { add(byKey[word.foldedID]) }
                for lemma in word.lemmaIDs { add(byLemma[lemma]) }
                add(byPrefix[word.initial])
                if word.initials != word.initial { add(byPrefix[word.initials]) }
            }
        }
        // a stable counting sort by lexicon keeps each lexicon's items in reply order
        for ordinal in 0..<lexiconCount { counts[ordinal + 1] += counts[ordinal] }
        var next = counts
        var items = [ReplyCandidates.Item](repeating: ReplyCandidates.Item(sentence: 0, word: 0, position: 0),
                                           count: found.count)
        for (lexicon, item) in found {
            items[Int(next[Int(lexicon)])] = item
            next[Int(lexicon)] += 1
        }
        return ReplyCandidates(identity: identity, offsets: counts, items: items)
    }
}

/// For one reply, the patterns of each lexicon of its language that could start at each of its words.
struct ReplyCandidates: Sendable {
    struct Item: Sendable {
        let sentence: Int32
        let word: Int32
        let position: Int32
    }

    let identity: Int
    /// Lexicon `n`'s items are `items[offsets[n]..<offsets[n + 1]]`.
    let offsets: [Int32]
    let items: [Item]

    static let none = ReplyCandidates(identity: 0, offsets: [], items: [])

    /// The items of a lexicon in one sentence, or nil when the lexicon is not in the index these came from.
    func range(lexicon: Lexicon, sentence: Int) -> Range<Int>? {
        guard lexicon.indexIdentity == identity, identity != 0, lexicon.ordinal + 1 < offsets.count else { return nil }
        var low = Int(offsets[lexicon.ordinal]), high = Int(offsets[lexicon.ordinal + 1])
        let end = high
        // the first item of the sentence, then the first after it
        let target = Int32(sentence)
        while low < high {
            let middle = (low + high) / 2
            if items[middle].sentence < target { low = middle + 1 } else { high = middle }
        }
        var upper = low
        while upper < end, items[upper].sentence == target { upper += 1 }
        return low..<upper
    }
}
