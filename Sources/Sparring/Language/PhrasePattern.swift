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
    }

    /// The atoms a first word must satisfy; used to index patterns.
    var firstAtoms: [Atom] {
        for element in elements {
            if case .choice(let atoms) = element { return atoms }
        }
        return []
    }

    var anchored: Bool { elements.first == .sentenceStart }

    /// Byte-wise prefix test on the string's own storage: the generic `starts(with:)` was a hot spot.
    @inline(__always)
    static func hasPrefix(_ text: String, _ prefix: [UInt8]) -> Bool {
        let bytes = text.utf8
        guard bytes.count >= prefix.count else { return false }
        var index = bytes.startIndex
        for byte in prefix {
            if bytes[index] != byte { return false }
            index = bytes.index(after: index)
        }
        return true
    }

    /// Whether the word at `index` satisfies `atom`; the word is read in place, not copied (a copy
    /// retains its strings and arrays, which showed in profiles of batch grading).
    @inline(__always)
    static func atom(_ atom: Atom, matches words: [AnalyzedWord], at index: Int) -> Bool {
        switch atom {
        case .stem(let stem, let lemmas):
            guard words[index].kind == .word else { return false }
            // the dictionary knows both words: trust it over Snowball, whose short stems collide («ценим», «цене»)
            if !lemmas.isEmpty && !words[index].lemmaIDs.isEmpty { return lemmas.contains { words[index].lemmaIDs.contains($0) } }
            return words[index].stemID == stem
        case .prefix(let prefix): return words[index].kind == .word && hasPrefix(words[index].folded, prefix)
        case .exact(let form): return words[index].foldedID == form
        case .number: return words[index].kind == .number
        case .address: return words[index].kind == .address
        }
    }

    /// The last word index of a match starting at `start`, or nil.
    func match(_ words: [AnalyzedWord], at start: Int) -> Int? {
        var elementIndex = 0
        if anchored {
            guard start < words.count, start == 0 || words[start].opensSentence else { return nil }
            elementIndex = 1
        }
        return matchRest(words, elementIndex, start, lastMatched: nil)
    }

    private func matchRest(_ words: [AnalyzedWord], _ elementIndex: Int, _ wordIndex: Int, lastMatched: Int?) -> Int? {
        guard elementIndex < elements.count else { return lastMatched }
        switch elements[elementIndex] {
        case .sentenceStart:
            return matchRest(words, elementIndex + 1, wordIndex, lastMatched: lastMatched)
        case .gap(let limit):
            for skip in 0...limit where wordIndex + skip < words.count {
                // a gap stays within one phrase: "sort this out right here, with" is two phrases
                if skip > 0, let last = lastMatched, words[wordIndex + skip].phrase != words[last].phrase { break }
                if let end = matchRest(words, elementIndex + 1, wordIndex + skip, lastMatched: lastMatched) { return end }
            }
            return nil
        case .choice(let atoms):
            guard wordIndex < words.count else { return nil }
            // words next to each other in a pattern are next to each other in one phrase: "sorry the" is not
            // "Sorry, the" (after `...`, which may skip nothing, a pattern still reaches over it: "ugh ... we")
            if let last = lastMatched, words[wordIndex].phrase != words[last].phrase,
               elementIndex > 0, case .choice = elements[elementIndex - 1] { return nil }
            var matched = false
            for atom in atoms where Self.atom(atom, matches: words, at: wordIndex) {
                matched = true
                break
            }
            guard matched else { return nil }
            return matchRest(words, elementIndex + 1, wordIndex + 1, lastMatched: wordIndex)
        }
    }
}
