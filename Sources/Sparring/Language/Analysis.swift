import Foundation

/// A word (or number, or address) of a sentence, with its stem and the clause it sits in.
public struct AnalyzedWord: Sendable {
    public let text: String
    public let folded: String
    /// Interned folded form, Snowball stem and Hunspell dictionary forms (which join inflections Snowball splits).
    let foldedID: Int32
    let stemID: Int32
    let lemmaIDs: [Int32]
    /// The first one and two letters, for finding prefix patterns (`извин*`) without testing them all.
    let initial: UInt64
    let initials: UInt64
    public let kind: Token.Kind
    public let start: Int
    public let end: Int
    /// Commas, colons, semicolons and dashes separate clauses: negation does not cross them.
    public let clause: Int
    /// Like `clause`, but a comma around «пожалуйста» or "please" does not end it: `...` gaps stay within one phrase.
    public let phrase: Int
    /// Inside quotation marks: a label or someone else's words («Мои заказы», "Add to cart"), not the reply's own.
    public let quoted: Bool
    /// Where `^` matches: the first word, or the first after an opening address ("Hey James, when did you fly?").
    public internal(set) var opensSentence: Bool = false
}

public struct AnalyzedSentence: Sendable {
    public let words: [AnalyzedWord]
    public let tokens: [Token]
    public let isQuestion: Bool
}

/// A reply split into sentences and stemmed words, ready for lexicons and patterns.
public struct AnalyzedReply: Sendable {
    public let text: String
    public let language: Language
    public let sentences: [AnalyzedSentence]
    /// Where each unicode scalar starts in `text`, and its end: a quote is found in O(1), where walking
    /// the text for each one made long replies cost quadratic time.
    private let scalarStarts: [String.Index]

    init(text: String, language: Language, sentences: [AnalyzedSentence]) {
        self.text = text
        self.language = language
        self.sentences = sentences
        var starts = Array(text.unicodeScalars.indices)
        starts.append(text.endIndex)
        scalarStarts = starts
    }
    /// Unicode-scalar ranges of what the reply carries around its words: @handles, "1/2", "^GG"
    /// (`Tokenizer.undecorated`).
    public var decorations: [Range<Int>] = []
    /// Which patterns of its language's lexicons could start at each word (`LexiconIndex`).
    var candidates: ReplyCandidates = .none

    /// The words of the reply between two unicode-scalar offsets, as written.
    public func quote(_ start: Int, _ end: Int) -> String {
        guard start >= 0, end < scalarStarts.count, start < end else { return "" }
        return String(text.unicodeScalars[scalarStarts[start]..<scalarStarts[end]])
    }
}

/// Where a pattern matched: sentence, first and last word, and the quoted words.
public struct PhraseMatch: Sendable, Equatable {
    public let sentence: Int
    public let first: Int
    public let last: Int
    public let start: Int
    public let end: Int
    public let pattern: String
    /// The pattern folded once, when it was compiled: negation reads it at every match of three words or more.
    let foldedPattern: String
}

/// Words that negate what follows them in the same clause («не», "never"), and phrases that
/// negate what precedes them («присылать не нужно»).
struct Negation: Sendable {
    let before: Set<String>
    let after: Lexicon
    static let window = 3

    /// The same words by interned id, for the per-word check of the signal model.
    let beforeIDs: Set<Int32>

    /// Words after a negation that make it a polite request instead: «не подскажете номер?», "won't you".
    let polite: Set<String>

    init(before: Set<String>, after: Lexicon, polite: Set<String> = []) {
        self.before = before
        self.after = after
        self.polite = polite
        beforeIDs = Set(before.map(Symbols.shared.id))
    }

    /// For each word of a sentence, whether a negation word stands just before it in its clause
    /// («не нужно», "don't need"): one pass, one lookup a word.
    func negatedWords(_ words: [AnalyzedWord]) -> [Bool] {
        var flags = [Bool](repeating: false, count: words.count)
        var lastNegation = Int.min / 2
        for (index, word) in words.enumerated() {
            flags[index] = index - lastNegation <= Self.window && words[lastNegation].clause == word.clause
            if beforeIDs.contains(word.foldedID) || word.folded.utf8.last == UInt8(ascii: "t") && word.folded.hasSuffix("n't") {
                lastNegation = index
            }
        }
        return flags
    }

    /// "request No. 51874": a negation word right before a number names the number.
    static func numbers(_ words: [AnalyzedWord], _ index: Int) -> Bool {
        index + 1 < words.count && words[index + 1].kind == .number
    }

    func isNegated(_ match: PhraseMatch, in sentence: AnalyzedSentence, candidates: ReplyCandidates = .none) -> Bool {
        let words = sentence.words
        let clause = words[match.first].clause
        var index = match.first - 1
        while index >= 0, index >= match.first - Self.window, words[index].clause == clause {
            let word = words[index].folded
            let isNegation = before.contains(word) || word.hasSuffix("n't") || word.hasSuffix("nt") && before.contains(String(word.dropLast(2)) + "n't")
            if isNegation && !(index + 1 < words.count && polite.contains(words[index + 1].folded)) && !Self.numbers(words, index) {
                return true
            }
            index -= 1
        }
        // a negation skipped over by a `...` gap negates too: «мы ... перепутали» is not «мы не перепутали»
        if match.last > match.first + 1 {
            let pattern = match.foldedPattern
            for index in (match.first + 1)..<match.last {
                let word = words[index].folded
                if (before.contains(word) || word.hasSuffix("n't")) && !pattern.contains(word) && !Self.numbers(words, index) {
                    return true
                }
            }
        }
        let afterStart = match.last + 1
        if afterStart < words.count, words[afterStart].clause == words[match.last].clause {
            for end in afterStart..<min(words.count, afterStart + 2) where words[end].clause == clause {
                if after.anyMatch(words, at: end, sentence: match.sentence, candidates: candidates) { return true }
            }
        }
        return false
    }
}

/// A named list of phrase patterns read from a lexicon file, with exclusions (`- pattern`):
/// where an exclusion and a pattern overlap, the longer match wins and a tie goes to the exclusion.
public struct Lexicon: Sendable {
    public let name: String
    let patterns: [PhrasePattern]
    let exclusions: [PhrasePattern]
    /// The patterns' and exclusions' programs, which matching reads: a pattern copied out of `patterns`
    /// retained each of its arrays and strings, thousands of times a reply.
    private let programs: [PatternProgram]
    private let exclusionPrograms: [PatternProgram]
    private let index: [Int32: [Int]]
    private let lemmaIndex: [Int32: [Int]]
    /// Prefix patterns by their first letter, or first two letters when the prefix has two.
    private let prefixIndex: [UInt64: [Int]]
    /// Lexicons read the reply's own words; quoted labels do not count.
    let skipsQuoted: Bool
    private let unindexed: [Int]
    /// The lexicon's place in its language's `LexiconIndex`, and which index that is (0: in none).
    var ordinal = -1
    var indexIdentity = 0

    /// A lexicon file's problem, with its line.
    public struct LineError: Error, Sendable {
        public let line: Int
        public let message: String
    }

    /// Parses a lexicon file: one pattern a line, `#` starts a comment line, `- ` an exclusion.
    public init(name: String, text: String, stem: (String) -> String, lemmas: (String) -> [String] = { _ in [] }) throws(LineError) {
        var patterns: [PhrasePattern] = []
        var exclusions: [PhrasePattern] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = rawLine.trimmed
            // whole-line comments only: `#` inside a pattern is the number atom
            if trimmed.hasPrefix("#") { continue }
            guard !trimmed.isEmpty else { continue }
            do {
                if trimmed.hasPrefix("- ") {
                    exclusions.append(try PhrasePattern(String(trimmed.dropFirst(2)), stem: stem, lemmas: lemmas))
                } else {
                    patterns.append(try PhrasePattern(trimmed, stem: stem, lemmas: lemmas))
                }
            } catch {
                throw LineError(line: offset + 1, message: error.message)
            }
        }
        self.init(name: name, patterns: patterns, exclusions: exclusions)
    }

    init(name: String, patterns: [PhrasePattern], exclusions: [PhrasePattern] = [], skipsQuoted: Bool = true) {
        self.skipsQuoted = skipsQuoted
        self.name = name
        self.patterns = patterns
        self.exclusions = exclusions
        programs = patterns.map(\.program)
        exclusionPrograms = exclusions.map(\.program)
        var index: [Int32: [Int]] = [:]
        var lemmaIndex: [Int32: [Int]] = [:]
        var prefixIndex: [UInt64: [Int]] = [:]
        var unindexed: [Int] = []
        for (position, pattern) in patterns.enumerated() {
            let atoms = pattern.firstAtoms
            if atoms.allSatisfy({ if case .number = $0 { return false }; if case .address = $0 { return false }; return true }) {
                for atom in atoms {
                    switch atom {
                    case .stem(let key, let lemmas):
                        index[key, default: []].append(position)
                        for lemma in lemmas { lemmaIndex[lemma, default: []].append(position) }
                    case .exact(let key): index[key, default: []].append(position)
                    case .prefix(let bytes): prefixIndex[Self.initials(of: bytes), default: []].append(position)
                    default: break
                    }
                }
            } else {
                unindexed.append(position)
            }
        }
        self.index = index
        self.lemmaIndex = lemmaIndex
        self.prefixIndex = prefixIndex
        self.unindexed = unindexed
    }

    public var isEmpty: Bool { patterns.isEmpty }

    enum Key { case word(Int32), lemma(Int32), prefix(UInt64) }

    /// The keys of the lexicon's indexed patterns, in the order the lexicon's own index holds them.
    func forEachKey(_ body: (Key, Int) -> Void) {
        for (position, pattern) in patterns.enumerated() {
            let atoms = pattern.firstAtoms
            guard atoms.allSatisfy({ if case .number = $0 { return false }; if case .address = $0 { return false }; return true })
            else { continue }
            for atom in atoms {
                switch atom {
                case .stem(let key, let lemmas):
                    body(.word(key), position)
                    for lemma in lemmas { body(.lemma(lemma), position) }
                case .exact(let key): body(.word(key), position)
                case .prefix(let bytes): body(.prefix(Self.initials(of: bytes)), position)
                default: break
                }
            }
        }
    }

    /// The pattern's test of the word after its first (`PatternProgram.follow`).
    func follow(_ position: Int) -> (UInt64, Int) { (programs[position].follow, programs[position].followWindow) }

    /// Whether any pattern matches from `index`: the order of candidates does not matter here.
    func anyMatch(_ words: [AnalyzedWord], at index: Int, sentence: Int, candidates: ReplyCandidates) -> Bool {
        guard let range = candidates.range(lexicon: self, sentence: sentence) else {
            return programs.contains { $0.match(words, at: index) != nil }
        }
        for position in unindexed where programs[position].match(words, at: index) != nil { return true }
        for item in candidates.items[range] where item.word == index {
            if programs[Int(item.position)].match(words, at: index) != nil { return true }
        }
        return false
    }

    /// A key from the first one or two letters of UTF-8 text: the first letter alone has the high bit clear.
    static func initials(of bytes: some Collection<UInt8>) -> UInt64 {
        var scalars = String(decoding: Array(bytes.prefix(8)), as: UTF8.self).unicodeScalars.makeIterator()
        guard let first = scalars.next() else { return 0 }
        guard let second = scalars.next() else { return UInt64(first.value) }
        return 1 << 63 | UInt64(first.value) << 21 | UInt64(second.value)
    }

    /// Calls `body` with every pattern that could start at `word` (a pattern may come twice; that is harmless).
    @inline(__always)
    private func forEachCandidate(in words: [AnalyzedWord], at index: Int, _ body: (Int) -> Void) {
        for position in unindexed { body(position) }
        let stemID = words[index].stemID, foldedID = words[index].foldedID
        if let byStem = self.index[stemID] { for position in byStem { body(position) } }
        if foldedID != stemID, let byForm = self.index[foldedID] { for position in byForm { body(position) } }
        for lemma in words[index].lemmaIDs { if let byLemma = lemmaIndex[lemma] { for position in byLemma { body(position) } } }
        let initial = words[index].initial, initials = words[index].initials
        if let byInitial = prefixIndex[initial] { for position in byInitial { body(position) } }
        if initials != initial, let byInitials = prefixIndex[initials] { for position in byInitials { body(position) } }
    }

    static let firstPerson: Set<String> = [
        "i", "i'll", "i've", "i'm", "i'd", "we", "we'll", "we've", "we're", "we'd", "me", "us",
        "я", "мы", "нам", "нас", "мне", "меня",
    ]
    static let secondPerson: Set<String> = ["you", "вы", "вам", "вас", "вами"]

    /// Whether an exclusion that starts at our own subject hands the action to the customer before the match
    /// starts: "we'll call the store" is ours, "we recommend that you call the store" is the customer's.
    static func handsOver(_ words: [AnalyzedWord], from excludedStart: Int, to start: Int) -> Bool {
        guard excludedStart < start, firstPerson.contains(words[excludedStart].folded) else { return false }
        return words[(excludedStart + 1)..<start].contains { secondPerson.contains($0.folded) }
    }

    /// Every non-overlapping match in one sentence, longest first, before negation. With the reply's
    /// `candidates` from the index this lexicon is in, only the patterns that could start at a word are tried.
    func rawMatches(in sentence: AnalyzedSentence, sentenceIndex: Int, candidates: ReplyCandidates = .none) -> [PhraseMatch] {
        let words = sentence.words
        var found: [PhraseMatch] = []
        var best: (end: Int, position: Int)?
        @inline(__always) func consider(_ position: Int, at start: Int) {
            if let end = programs[position].match(words, at: start), best == nil || end > best!.end {
                best = (end, position)
            }
        }
        func accept(_ start: Int) {
            guard let (end, position) = best else { return }
            if skipsQuoted, words[start...end].contains(where: \.quoted) { return }
            if let previous = found.last, previous.last >= start { return }
            // an exclusion as long or longer that overlaps this match cancels it
            let excluded = exclusionPrograms.contains { exclusion in
                for excludedStart in max(0, start - 4)...end {
                    if let excludedEnd = exclusion.match(words, at: excludedStart), excludedEnd >= start,
                       excludedEnd - excludedStart >= end - start,
                       !Self.handsOver(words, from: excludedStart, to: start) { return true }
                }
                return false
            }
            if excluded { return }
            let pattern = patterns[position]
            found.append(PhraseMatch(sentence: sentenceIndex, first: start, last: end, start: words[start].start,
                                     end: words[end].end, pattern: pattern.description, foldedPattern: pattern.folded))
        }
        guard let range = candidates.range(lexicon: self, sentence: sentenceIndex) else {
            for start in words.indices {
                best = nil
                forEachCandidate(in: words, at: start) { consider($0, at: start) }
                accept(start)
            }
            return found
        }
        let items = candidates.items
        var item = range.lowerBound
        if unindexed.isEmpty {
            // only the words some pattern could start at
            while item < range.upperBound {
                let start = Int(items[item].word)
                best = nil
                while item < range.upperBound, items[item].word == start {
                    consider(Int(items[item].position), at: start)
                    item += 1
                }
                accept(start)
            }
        } else {
            for start in words.indices {
                best = nil
                for position in unindexed { consider(position, at: start) }
                while item < range.upperBound, items[item].word == start {
                    consider(Int(items[item].position), at: start)
                    item += 1
                }
                accept(start)
            }
        }
        return found
    }
}
