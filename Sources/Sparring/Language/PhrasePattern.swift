/// A phrase pattern from a lexicon or a case file: `слово` (any inflection), `слов*` (prefix),
/// `=слово` (exact form), `a|b` (either), `...` (up to three words), `#` or `<n>` (a number), `@` (an e-mail or web address), `^` (sentence start).
public struct PhrasePattern: Sendable, CustomStringConvertible {
    enum Atom: Sendable, Equatable {
        /// A word's Snowball stem and its dictionary forms: either identifies an inflection.
        case stem(Int32, lemmas: [Int32])
        case prefix([UInt8])
        case exact(Int32)
        case number
        case address
    }

    enum Element: Sendable, Equatable {
        case choice([Atom])
        case gap(Int)
        case sentenceStart
    }

    let elements: [Element]
    public let description: String
    /// The source folded as replies are (`Tokenizer.fold`), once.
    let folded: String

    /// Why a pattern cannot be compiled, for `path:line:col` diagnostics.
    public struct SyntaxError: Error, Sendable, Equatable {
        public let message: String
    }

    init(_ source: String, stem: (String) -> String, lemmas: (String) -> [String] = { _ in [] }) throws(SyntaxError) {
        description = source
        folded = Tokenizer.fold(source)
        var elements: [Element] = []
        for part in source.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            let word = String(part)
            if word == "..." || word == "…" {
                if case .gap = elements.last { continue }
                elements.append(.gap(3))
                continue
            }
            if word == "^" {
                guard elements.isEmpty else { throw SyntaxError(message: "'^' may only start a pattern") }
                elements.append(.sentenceStart)
                continue
            }
            var atoms: [Atom] = []
            for alternative in word.split(separator: "|", omittingEmptySubsequences: false) {
                let text = Tokenizer.fold(String(alternative))
                if text.isEmpty { throw SyntaxError(message: "empty alternative in '\(word)'") }
                // `<n>` spells a number where a line may not start with `#` (a lexicon comment)
                if text == "#" || text == "<n>" {
                    atoms.append(.number)
                } else if text == "@" {
                    atoms.append(.address)
                } else if text.unicodeScalars.allSatisfy({ $0.properties.numericType != nil }) {
                    // "500" in a pattern is that number as written, not a word to stem
                    atoms.append(.exact(Symbols.shared.id(text)))
                } else if text.hasPrefix("=") {
                    atoms.append(.exact(Symbols.shared.id(String(text.dropFirst()))))
                } else if text.hasSuffix("*") {
                    let prefix = String(text.dropLast())
                    if prefix.isEmpty { throw SyntaxError(message: "'*' needs letters before it") }
                    atoms.append(.prefix(Array(prefix.utf8)))
                } else {
                    atoms.append(.stem(Symbols.shared.id(stem(text)), lemmas: lemmas(text).map(Symbols.shared.id)))
                }
            }
            elements.append(.choice(atoms))
        }
        guard elements.contains(where: { if case .choice = $0 { return true } else { return false } }) else {
            throw SyntaxError(message: "a pattern needs at least one word")
        }
        if case .gap = elements.first { throw SyntaxError(message: "a pattern cannot start with '...'") }
        if case .gap = elements.last { throw SyntaxError(message: "a pattern cannot end with '...'") }
        self.elements = elements
        program = PatternProgram(elements)
    }

    /// The atoms a first word must satisfy; used to index patterns.
    var firstAtoms: [Atom] {
        for element in elements {
            if case .choice(let atoms) = element { return atoms }
        }
        return []
    }

    var anchored: Bool { program.anchored }
    /// The elements as flat tests, which matching reads without touching a reference count.
    let program: PatternProgram

    /// A word that one choice shares with the choice before it ("just come|come in" reads as "just", then "come"
    /// or "come", then "in"): nearly always two phrases written as one, which then match neither.
    /// `withinChoices` also reports a word listed twice in one choice ("chat agent|agent").
    public static func repeatedChoiceWord(in source: String, withinChoices: Bool = true) -> String? {
        let lists = source.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { element in
            element.split(separator: "|").map { $0.hasPrefix("=") ? String($0.dropFirst()) : String($0) }
        }
        // "come|come" inside one choice is the same slip
        for list in lists where withinChoices && Set(list).count < list.count {
            return list.first { word in list.filter { $0 == word }.count > 1 }
        }
        let elements = lists.map(Set.init)
        for (left, right) in zip(elements, elements.dropFirst()) where !left.contains("...") && !right.contains("...") {
            if let word = left.intersection(right).sorted().first { return word }
        }
        return nil
    }

    /// The last word index of a match starting at `start`, or nil.
    func match(_ words: [AnalyzedWord], at start: Int) -> Int? { program.match(words, at: start) }
}

/// A pattern's elements flattened into plain values: every reply tries thousands of patterns, and walking
/// enums that carry arrays retained and released those arrays at every step. One object, so that a lexicon
/// holding its patterns' programs hands one out with one reference, not a pattern's every array.
final class PatternProgram: Sendable {
    enum Kind: UInt8, Sendable { case choice, gap, sentenceStart }
    enum TestKind: UInt8, Sendable { case stem, prefix, exact, number, address }

    struct Step: Sendable {
        let kind: Kind
        let limit: Int32
        /// The alternatives of a choice, in `tests`.
        let tests: Range<Int32>
    }

    struct Test: Sendable {
        let kind: TestKind
        let key: Int32
        /// A stem's dictionary forms in `lemmas`, or a prefix's bytes in `bytes`.
        let extra: Range<Int32>
    }

    let steps: [Step]
    let tests: [Test]
    let lemmas: [Int32]
    let bytes: [UInt8]
    let anchored: Bool
    /// When the first word's choice is followed by another of words only (stems and exact forms), straight
    /// or after a `...` gap, the `signature` bits one of those could have; 0 when anything may follow.
    /// When none of the next `followWindow` words has one of them, a candidate is dropped without running.
    let follow: UInt64
    /// 1 for the very next word, the gap's limit plus one after a gap.
    let followWindow: Int

    /// One bit of an interned id.
    @inline(__always)
    static func bit(_ id: Int32) -> UInt64 { 1 << UInt64(UInt32(bitPattern: id) & 63) }

    /// The bits of every id a word is tested by: its form, its stem and its dictionary forms.
    @inline(__always)
    static func signature(_ word: AnalyzedWord) -> UInt64 {
        var bits = bit(word.foldedID) | bit(word.stemID)
        for lemma in word.lemmaIDs { bits |= bit(lemma) }
        return bits
    }

    init(_ elements: [PhrasePattern.Element]) {
        anchored = elements.first == .sentenceStart
        var steps: [Step] = [], tests: [Test] = [], lemmas: [Int32] = [], bytes: [UInt8] = []
        for element in elements {
            switch element {
            case .sentenceStart: steps.append(Step(kind: .sentenceStart, limit: 0, tests: 0..<0))
            case .gap(let limit): steps.append(Step(kind: .gap, limit: Int32(limit), tests: 0..<0))
            case .choice(let atoms):
                let first = Int32(tests.count)
                for atom in atoms {
                    switch atom {
                    case .stem(let key, let forms):
                        let from = Int32(lemmas.count)
                        lemmas += forms
                        tests.append(Test(kind: .stem, key: key, extra: from..<Int32(lemmas.count)))
                    case .prefix(let prefix):
                        let from = Int32(bytes.count)
                        bytes += prefix
                        tests.append(Test(kind: .prefix, key: 0, extra: from..<Int32(bytes.count)))
                    case .exact(let key): tests.append(Test(kind: .exact, key: key, extra: 0..<0))
                    case .number: tests.append(Test(kind: .number, key: 0, extra: 0..<0))
                    case .address: tests.append(Test(kind: .address, key: 0, extra: 0..<0))
                    }
                }
                steps.append(Step(kind: .choice, limit: 0, tests: first..<Int32(tests.count)))
            }
        }
        self.steps = steps
        self.tests = tests
        self.lemmas = lemmas
        self.bytes = bytes
        var follow: UInt64 = 0
        var window = 1
        var second: Int?
        if let first = steps.firstIndex(where: { $0.kind == .choice }), first + 1 < steps.count {
            if steps[first + 1].kind == .choice {
                second = first + 1
            } else if steps[first + 1].kind == .gap, first + 2 < steps.count, steps[first + 2].kind == .choice {
                second = first + 2
                window = Int(steps[first + 1].limit) + 1
            }
        }
        if let second {
            for position in steps[second].tests {
                let test = tests[Int(position)]
                switch test.kind {
                case .stem:
                    follow |= Self.bit(test.key)
                    for lemma in test.extra { follow |= Self.bit(lemmas[Int(lemma)]) }
                case .exact: follow |= Self.bit(test.key)
                case .prefix, .number, .address: follow = UInt64.max
                }
            }
            if follow == UInt64.max { follow = 0 }
        }
        self.follow = follow
        followWindow = window
    }

    /// Whether the word at `index` passes `test`; the word is read in place, not copied (a copy
    /// retains its strings and arrays, which showed in profiles of batch grading).
    @inline(__always)
    func passes(_ test: Test, _ words: [AnalyzedWord], _ index: Int) -> Bool {
        switch test.kind {
        case .stem:
            guard words[index].kind == .word else { return false }
            // the dictionary knows both words: trust it over Snowball, whose short stems collide («ценим», «цене»)
            if !test.extra.isEmpty && !words[index].lemmaIDs.isEmpty {
                for position in test.extra where words[index].lemmaIDs.contains(lemmas[Int(position)]) { return true }
                return false
            }
            return words[index].stemID == test.key
        case .prefix:
            // byte by byte on the string's own storage: the generic `starts(with:)` was a hot spot
            guard words[index].kind == .word else { return false }
            let text = words[index].folded.utf8
            guard text.count >= test.extra.count else { return false }
            var offset = text.startIndex
            for position in test.extra {
                if text[offset] != bytes[Int(position)] { return false }
                offset = text.index(after: offset)
            }
            return true
        case .exact: return words[index].foldedID == test.key
        case .number: return words[index].kind == .number
        case .address: return words[index].kind == .address
        }
    }

    /// The last word index of a match starting at `start`, or nil.
    func match(_ words: [AnalyzedWord], at start: Int) -> Int? {
        var step = 0
        if anchored {
            guard start < words.count, start == 0 || words[start].opensSentence else { return nil }
            step = 1
        }
        return run(words, step, start, lastMatched: -1)
    }

    /// The last word index of a match of `steps[step...]` from `wordIndex`, or nil; `lastMatched` is -1
    /// before any word matched.
    func run(_ words: [AnalyzedWord], _ step: Int, _ wordIndex: Int, lastMatched: Int) -> Int? {
        var step = step, wordIndex = wordIndex, last = lastMatched
        while step < steps.count {
            let current = steps[step]
            switch current.kind {
            case .sentenceStart:
                step += 1
            case .gap:
                var skip = 0
                while skip <= Int(current.limit), wordIndex + skip < words.count {
                    // a gap stays within one phrase: "sort this out right here, with" is two phrases
                    if skip > 0, last >= 0, words[wordIndex + skip].phrase != words[last].phrase { break }
                    if let end = run(words, step + 1, wordIndex + skip, lastMatched: last) { return end }
                    skip += 1
                }
                return nil
            case .choice:
                guard wordIndex < words.count else { return nil }
                // words next to each other in a pattern are next to each other in one phrase: "sorry the" is not
                // "Sorry, the" (after `...`, which may skip nothing, a pattern still reaches over it: "ugh ... we")
                if last >= 0, words[wordIndex].phrase != words[last].phrase, step > 0, steps[step - 1].kind == .choice {
                    return nil
                }
                var matched = false
                for test in current.tests where passes(tests[Int(test)], words, wordIndex) {
                    matched = true
                    break
                }
                guard matched else { return nil }
                last = wordIndex
                wordIndex += 1
                step += 1
            }
        }
        return last >= 0 ? last : nil
    }
}
