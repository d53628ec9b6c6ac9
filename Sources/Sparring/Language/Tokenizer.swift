import Foundation

/// One piece of a reply: a word, a number, an address (e-mail, URL) or punctuation.
public struct Token: Sendable, Equatable {
    /// `tag` is a hashtag ("#BlackFriday"): the reply's, but no word to spell, shout or match.
    public enum Kind: Sendable, Equatable { case word, number, address, punctuation, tag }

    public let text: String
    /// Lower-cased with «ё» folded to «е»: what lexicons and patterns compare against.
    public let folded: String
    public let kind: Kind
    /// Offsets in the reply's unicode scalars, so evidence can be quoted exactly.
    public let start: Int
    public let end: Int
    /// Whether white space precedes the token.
    public let spaceBefore: Bool
    /// Whether that white space holds a line break (which ends a sentence).
    public let lineBreakBefore: Bool
}

/// A sentence of a reply with its tokens; `words` holds the indices of word and number tokens.
public struct Sentence: Sendable {
    public let tokens: [Token]
    public let isQuestion: Bool
    public var start: Int { tokens.first?.start ?? 0 }
    public var end: Int { tokens.last?.end ?? 0 }
}

/// Unicode-aware tokenising and sentence splitting for Russian and English replies.
public enum Tokenizer {
    /// Folds case and «ё» so that «Ещё» and «еще» compare equal.
    public static func fold(_ text: String) -> String {
        if let folded = quickFold(text) { return folded }
        let lower = text.lowercased()
        // most words have no «ё» and no curly apostrophe: skip rebuilding them scalar by scalar
        guard lower.unicodeScalars.contains(where: { $0 == "ё" || $0 == "’" || $0 == "ʼ" || $0 == "`" }) else { return lower }
        var scalars = String.UnicodeScalarView()
        for scalar in lower.unicodeScalars {
            switch scalar {
            case "ё": scalars.append("е")
            case "’", "ʼ", "`": scalars.append("'")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// `fold` of text in ASCII and the basic Cyrillic block, where lower-casing is a fixed offset: the
    /// text itself when nothing changes (no copy), else one pass over its bytes. Nil for anything else.
    @inline(__always)
    static func quickFold(_ text: String) -> String? {
        var changes = false
        var lead: UInt8 = 0
        for byte in text.utf8 {
            if lead != 0 {
                // U+0400–U+042F (capitals) follow 0xD0 as 0x80–0xAF; «ё» is 0xD1 0x91; past U+045F, give up
                if lead == 0xD0 && byte < 0xB0 || lead == 0xD1 && byte == 0x91 { changes = true }
                if lead == 0xD1 && byte >= 0xA0 { return nil }
                lead = 0
                continue
            }
            switch byte {
            case 0x41...0x5A, 0x60: changes = true
            case 0x00...0x7F: continue
            case 0xD0, 0xD1: lead = byte
            default: return nil
            }
        }
        guard changes else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A: scalars.append(Unicode.Scalar(scalar.value + 0x20)!)
            case 0x60: scalars.append("'")
            case 0x0401, 0x0451: scalars.append("е")
            case 0x0400...0x040F: scalars.append(Unicode.Scalar(scalar.value + 0x50)!)
            case 0x0410...0x042F: scalars.append(Unicode.Scalar(scalar.value + 0x20)!)
            case 0x0000...0x007F, 0x0430...0x045F: scalars.append(scalar)
            default: return nil
            }
        }
        return String(scalars)
    }

    static let abbreviations: Set<String> = [
        "mr", "ms", "mrs", "dr", "e.g", "i.e", "etc", "vs", "т.е", "т.д", "т.п", "т.к", "г", "ул", "руб", "тел", "им",
    ]

    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        // ASCII and Cyrillic letters without the Unicode property tables, which are slow
        switch s.value {
        case 0x41...0x5A, 0x61...0x7A, 0x0400...0x04FF: return true
        case 0...0x7F: return false
        default: return s.properties.isAlphabetic || s.properties.generalCategory == .nonspacingMark
        }
    }

    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return s == " " || s == "\n" || s == "\t" || s == "\r" || s.value == 0x0B || s.value == 0x0C }
        return s.properties.isWhitespace
    }

    static func isDigit(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return s.value >= 0x30 && s.value <= 0x39 }
        return s.properties.numericType != nil
    }

    static func isJoiner(_ s: Unicode.Scalar) -> Bool {
        s == "-" || s == "'" || s == "’" || s == "‑"
    }

    /// Splits a reply into tokens.
    public static func tokens(_ text: String) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        // where each scalar starts in the text: token text is then a slice, not rebuilt scalar by scalar
        let starts = Array(text.unicodeScalars.indices) + [text.endIndex]
        var tokens: [Token] = []
        var index = 0
        var sawSpace = true
        var sawLineBreak = false
        var chunk = Chunk.none
        func emit(_ from: Int, _ to: Int, _ kind: Token.Kind) {
            let string = String(text[starts[from]..<starts[to]])
            tokens.append(Token(text: string, folded: fold(string), kind: kind, start: from, end: to, spaceBefore: sawSpace,
                                lineBreakBefore: sawLineBreak))
            sawSpace = false
            sawLineBreak = false
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if isSpace(scalar) {
                sawSpace = true
                if scalar == "\n" { sawLineBreak = true }
                index += 1
                continue
            }
            // A run of non-space characters containing @ or :// is an address: never spell-checked.
            // scanned scalar by scalar: most chunks are a word and a full stop, and building a String to
            // ask it about addresses was a hot spot of batch grading. A chunk is scanned once, not again
            // from every token in it: "a.b.c…" without spaces made that quadratic.
            if index >= chunk.end { chunk = Chunk(scalars, from: index) }
            let chunkEnd = chunk.end
            let hasAt = chunk.lastAt >= index, hasScheme = chunk.lastScheme >= index
            let hasInnerDot = chunk.lastInnerDot >= index
            let startsWithWWW = chunkEnd - index > 4 && scalars[index + 3] == "."
                && scalars[index..<index + 3].allSatisfy { $0 == "w" || $0 == "W" }
            if hasAt || hasScheme || startsWithWWW || hasInnerDot && chunk.looksLikeDomain(from: index, in: scalars) {
                var trimmedEnd = chunkEnd
                while trimmedEnd > index, ".,;:!?)»\"".unicodeScalars.contains(scalars[trimmedEnd - 1]) { trimmedEnd -= 1 }
                var trimmedStart = index
                while trimmedStart < trimmedEnd, "(«\"".unicodeScalars.contains(scalars[trimmedStart]) {
                    emit(trimmedStart, trimmedStart + 1, .punctuation)
                    trimmedStart += 1
                }
                emit(trimmedStart, trimmedEnd, .address)
                index = trimmedEnd
                continue
            }
            if isWordScalar(scalar) {
                var end = index + 1
                while end < scalars.count {
                    let next = scalars[end]
                    if isWordScalar(next) || isDigit(next) {
                        end += 1
                    } else if isJoiner(next), end + 1 < scalars.count, isWordScalar(scalars[end + 1]) {
                        end += 2
                    } else {
                        break
                    }
                }
                emit(index, end, .word)
                index = end
            } else if isDigit(scalar) {
                var end = index + 1
                while end < scalars.count {
                    let next = scalars[end]
                    if isDigit(next) || isWordScalar(next) {
                        end += 1
                    } else if ":.,-/".unicodeScalars.contains(next), end + 1 < scalars.count,
                              isDigit(scalars[end + 1]) {
                        end += 2
                    } else {
                        break
                    }
                }
                emit(index, end, .number)
                index = end
            } else if scalar == "#", index + 1 < scalars.count, isWordScalar(scalars[index + 1]),
                      index == 0 || isSpace(scalars[index - 1]) || "(«\"".unicodeScalars.contains(scalars[index - 1]) {
                var end = index + 1
                while end < scalars.count, isWordScalar(scalars[end]) || isDigit(scalars[end]) || scalars[end] == "_" {
                    end += 1
                }
                emit(index, end, .tag)
                index = end
            } else if scalar == "#",
                      index + 1 == scalars.count || !isDigit(scalars[index + 1]) && !isWordScalar(scalars[index + 1]) {
                // "phone#", "your acct # please": the sign stands for "number", a word lexicons can name (`=#`)
                emit(index, index + 1, .word)
                index += 1
            } else if scalar.properties.generalCategory == .currencySymbol {
                // "$240", «9 800 ₽»: the sign is the unit a sum is named by, a word lexicons can name
                emit(index, index + 1, .word)
                index += 1
            } else if scalar == "&", let entityEnd = entityEnd(scalars, from: index) {
                // "&amp;", "&gt;": tweets arrive with HTML entities, one mark each, not a word between marks
                emit(index, entityEnd, .punctuation)
                index = entityEnd
            } else {
                // "..." and "?!" stay one token
                var end = index + 1
                while end < scalars.count, scalars[end] == scalar, scalar == "." || scalar == "!" || scalar == "?" { end += 1 }
                emit(index, end, .punctuation)
                index = end
            }
        }
        return tokens
    }

    /// A run of non-space scalars, and where in it the marks of an address last appear: whether the rest of
    /// the run from any position holds `@`, `://` or a dot before a letter is then one comparison.
    struct Chunk {
        let end: Int
        let lastAt: Int
        let lastScheme: Int
        let lastInnerDot: Int
        /// For the domain test of a long run, from any position in O(1) (`DomainIndex`).
        private let domains: DomainIndex?

        static let none = Chunk(end: Int.min, lastAt: -1, lastScheme: -1, lastInnerDot: -1, domains: nil)

        private init(end: Int, lastAt: Int, lastScheme: Int, lastInnerDot: Int, domains: DomainIndex?) {
            self.end = end
            self.lastAt = lastAt
            self.lastScheme = lastScheme
            self.lastInnerDot = lastInnerDot
            self.domains = domains
        }

        init(_ scalars: [Unicode.Scalar], from start: Int) {
            var end = start
            var lastAt = -1, lastScheme = -1, lastInnerDot = -1
            while end < scalars.count, !isSpace(scalars[end]) {
                let scalar = scalars[end]
                if scalar == "@" { lastAt = end }
                if scalar == ":", end + 2 < scalars.count, scalars[end + 1] == "/", scalars[end + 2] == "/" {
                    lastScheme = end
                }
                // a dot with a letter or digit after it: "shop.example", not "today."
                if scalar == ".", end + 1 < scalars.count,
                   scalars[end + 1].properties.isAlphabetic || scalars[end + 1].properties.numericType != nil {
                    lastInnerDot = end
                }
                end += 1
            }
            // a short run is simply asked again: building the index would cost more
            let long = end - start > DomainIndex.minimumLength
            let domains = lastInnerDot >= 0 && long ? DomainIndex(scalars, start, end) : nil
            self.init(end: end, lastAt: lastAt, lastScheme: lastScheme, lastInnerDot: lastInnerDot, domains: domains)
        }

        /// `looksLikeDomain` of the run from `start` to its end.
        func looksLikeDomain(from start: Int, in scalars: [Unicode.Scalar]) -> Bool {
            if let domains, let answer = domains.looksLikeDomain(from: start, scalars) { return answer }
            return Tokenizer.looksLikeDomain(String(String.UnicodeScalarView(scalars[start..<end])))
        }
    }

    /// `looksLikeDomain` for every start in one long run, from tables built in one pass each way: the
    /// same answers, where asking it from each token of a 20,000-scalar run took seconds.
    struct DomainIndex {
        static let minimumLength = 64
        /// The same marks `looksLikeDomain` trims, markdown's `_*` and backquote among them.
        static let trimmed: Set<Unicode.Scalar> = Set(".,;:!?)(«»\"'_*`".unicodeScalars)

        let start: Int
        let end: Int
        /// The run's end after trailing punctuation is trimmed.
        let coreEnd: Int
        /// From each position: the next scalar that is not trimmed punctuation; the next that cannot be
        /// in a host name (an ASCII letter, digit, '-' or '.'); up to each position: the last '.', the last
        /// "..", and from each: the next scalar that is not a lower-case ASCII letter.
        let nextKept: [Int]
        let nextBad: [Int]
        let lastDot: [Int]
        let lastDoubleDot: [Int]
        let nextNonLower: [Int]

        init(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) {
            self.start = start
            self.end = end
            var coreEnd = end
            while coreEnd > start, Self.trimmed.contains(scalars[coreEnd - 1]) { coreEnd -= 1 }
            self.coreEnd = coreEnd
            let count = end - start
            var nextKept = [Int](repeating: end, count: count + 1)
            var nextBad = [Int](repeating: end, count: count + 1)
            var nextNonLower = [Int](repeating: end, count: count + 1)
            for position in stride(from: end - 1, through: start, by: -1) {
                let scalar = scalars[position], offset = position - start
                nextKept[offset] = Self.trimmed.contains(scalar) ? nextKept[offset + 1] : position
                nextBad[offset] = Self.isHostScalar(scalar) ? nextBad[offset + 1] : position
                nextNonLower[offset] = ("a"..."z").contains(scalar) ? nextNonLower[offset + 1] : position
            }
            var lastDot = [Int](repeating: -1, count: count)
            var lastDoubleDot = [Int](repeating: -1, count: count)
            for position in start..<end {
                let offset = position - start
                let previousDot = offset > 0 ? lastDot[offset - 1] : -1
                let previousDouble = offset > 0 ? lastDoubleDot[offset - 1] : -1
                lastDot[offset] = scalars[position] == "." ? position : previousDot
                lastDoubleDot[offset] = scalars[position] == "." && position + 1 < end && scalars[position + 1] == "."
                    ? position : previousDouble
            }
            self.nextKept = nextKept
            self.nextBad = nextBad
            self.lastDot = lastDot
            self.lastDoubleDot = lastDoubleDot
            self.nextNonLower = nextNonLower
        }

        static func isHostScalar(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E: return true
            default: return false
            }
        }

        /// The answer from `from`, or nil where only the string test can say (a '/' that a combining mark
        /// may join to the scalar after it).
        func looksLikeDomain(from: Int, _ scalars: [Unicode.Scalar]) -> Bool? {
            let coreStart = nextKept[from - start]
            guard coreStart < coreEnd else { return false }
            let bad = nextBad[coreStart - start]
            var hostEnd = coreEnd
            if bad < coreEnd {
                guard scalars[bad] == "/" else { return false }
                if bad + 1 < end, !scalars[bad + 1].isASCII { return nil }
                hostEnd = bad
            }
            // the host, [coreStart, hostEnd), is ASCII letters, digits, '-' and '.': labels joined by dots
            guard hostEnd > coreStart, scalars[coreStart] != ".", scalars[hostEnd - 1] != "." else { return false }
            if hostEnd - coreStart >= 2, lastDoubleDot[hostEnd - 2 - start] >= coreStart { return false }
            let dot = lastDot[hostEnd - 1 - start]
            guard dot >= coreStart else { return false }
            return hostEnd - dot - 1 >= 2 && nextNonLower[dot + 1 - start] >= hostEnd
        }
    }

    /// The end of an HTML entity starting at `start` ("&amp;", "&gt;", "&#39;"), or nil.
    static func entityEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var end = start + 1
        if end < scalars.count, scalars[end] == "#" { end += 1 }
        let body = end
        while end < scalars.count, end - body < 8, scalars[end].isASCII,
              scalars[end].properties.isAlphabetic || isDigit(scalars[end]) { end += 1 }
        guard end > body, end < scalars.count, scalars[end] == ";" else { return nil }
        return end + 1
    }

    /// `shop.example/cancel`: Latin labels joined by dots, ending in letters.
    /// Endings that make `name.ending` a file, whatever letters the name has.
    static let fileExtensions: Set<String> = ["xlsx", "xls", "csv", "pdf", "png", "jpg", "jpeg", "gif", "doc", "docx",
                                              "txt", "zip", "rar", "xml", "json", "mp4", "mov", "heic", "webp"]

    static func looksLikeDomain(_ chunk: String) -> Bool {
        // markdown wraps file names: "_BannerDemoScript.cs_", "`config.yml`"
        let core = chunk.trimmingCharacters(in: CharacterSet(charactersIn: ".,;:!?)(«»\"'_*`"))
        // labels of letters, digits and '-' joined by dots, then an optional /path; the labels may carry
        // capitals ("Outlook.com"), the ending is two lower-case letters or more: "us.However" is two sentences
        let host = core.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let ending = labels.last, ending.utf8.count >= 2,
              ending.utf8.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }) else { return false }
        // a file name may be in any script: «товары_1С.xlsx»
        if labels.count == 2, fileExtensions.contains(String(ending)),
           labels[0].unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0.properties.numericType != nil || "_-".unicodeScalars.contains($0) }),
           !labels[0].isEmpty {
            return true
        }
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
            }
        }
    }

    static let sentenceEnders: Set<String> = [".", "!", "?", "…", "...", "?!", "!?", "!!", "??", "!!!"]

    /// Groups tokens into sentences, ending at . ! ? … and line breaks, not after abbreviations.
    public static func sentences(_ text: String) -> [Sentence] {
        split(text).sentences
    }

    /// Sentences without the decorations around them (`undecorated`), and where those decorations were.
    public static func split(_ text: String) -> (sentences: [Sentence], decorations: [Range<Int>]) {
        let (all, decorations) = undecorated(tokens(text))
        var sentences: [Sentence] = []
        var current: [Token] = []
        func close() {
            guard !current.isEmpty else { return }
            let question = current.contains { $0.kind == .punctuation && $0.text.contains("?") }
            sentences.append(Sentence(tokens: current, isQuestion: question))
            current = []
        }
        for (position, token) in all.enumerated() {
            // a line break between tokens ends a sentence, unless the line broke after a comma
            if !current.isEmpty, token.lineBreakBefore, current.last?.text != "," { close() }
            current.append(token)
            guard token.kind == .punctuation, sentenceEnders.contains(token.text) || token.text.allSatisfy({ "!?".contains($0) }) else { continue }
            if token.text == ".", position > 0 {
                let previous = all[position - 1]
                if !token.spaceBefore, previous.kind == .word, abbreviations.contains(previous.folded) { continue }
                // "Booking No. 20417", «Заказ Nr. 5»: a number sign before its number
                if !token.spaceBefore, previous.kind == .word, ["no", "nr", "nos"].contains(previous.folded),
                   position + 1 < all.count, all[position + 1].kind == .number { continue }
                // "U.S. based", "7 p.m. or later": a single letter's dot ends no sentence before a small letter
                if !token.spaceBefore, previous.kind == .word, previous.text.unicodeScalars.count == 1,
                   position + 1 < all.count, all[position + 1].kind == .word,
                   all[position + 1].text.unicodeScalars.first?.isLowerLetter == true
                    || !all[position + 1].spaceBefore && all[position + 1].text.unicodeScalars.count == 1 { continue }
            }
            // " .vcf", " .env": a dot after a space and right before a word names a file type, not an end
            if token.text == ".", token.spaceBefore, position + 1 < all.count, !all[position + 1].spaceBefore,
               all[position + 1].kind == .word { continue }
            close()
        }
        close()
        return (sentences, decorations)
    }

    // MARK: what a tweet or chat line carries around its words

    /// "1/2", "2/2": a continuation marker of a reply split over several posts.
    static func isContinuationMarker(_ token: Token) -> Bool {
        guard token.kind == .number else { return false }
        let parts = token.text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let part = Int(parts[0]), let whole = Int(parts[1]) else { return false }
        return parts.allSatisfy { $0.count <= 2 } && part >= 1 && part <= whole && whole <= 10
    }

    /// An agent's initials or first name as a signature: "JD", "KevinM", "Becky".
    static func isNameLike(_ token: Token) -> Bool {
        let scalars = token.text.unicodeScalars
        return token.kind == .word && scalars.count <= 15 && scalars.first?.isUpperLetter == true
            && scalars.allSatisfy { $0.properties.isAlphabetic }
    }

    /// Sign-off words that stay the reply's own even where a signature would stand: "... again. Sorry"
    static let signOffWords: Set<String> = [
        "sorry", "thanks", "thank", "cheers", "regards", "hello", "hi", "hey", "bye", "apologies", "please",
        "ok", "okay", "yes", "no", "спасибо", "извините", "простите", "пожалуйста", "здравствуйте", "привет",
    ]

    static let dashes: Set<String> = ["-", "–", "—", "~"]

    /// A reply's tokens without what a tweet or chat line carries around its words, and where that was:
    /// leading @handles, "1/2" continuation markers at the start or the end, and an agent's signature
    /// ("^GG" anywhere; "*JD", "/TB", "-Becky", "- Paul", "Thanks-Sha" or a bare name at the end, before
    /// any links). None of it is the reply's writing: no sentence starts with it and no check reads it.
    static func undecorated(_ input: [Token]) -> (tokens: [Token], decorations: [Range<Int>]) {
        var tokens = input
        var keep = [Bool](repeating: true, count: tokens.count)
        var cut: [Range<Int>] = []
        // leading handles, then a continuation marker: "@AmericanAir @116572 2/2 to the merchant's site"
        var index = 0
        while index < tokens.count, tokens[index].kind == .address, tokens[index].text.hasPrefix("@") {
            keep[index] = false
            index += 1
        }
        if index < tokens.count, isContinuationMarker(tokens[index]) { keep[index] = false }
        // "^GG", "^cr" anywhere: a caret before a name signs the reply or names a colleague ("the link ^RR provided")
        for position in tokens.indices.dropLast() where tokens[position].text == "^" {
            let next = tokens[position + 1]
            guard tokens[position].kind == .punctuation, next.kind == .word, !next.spaceBefore,
                  next.text.unicodeScalars.count <= 15,
                  position == 0 || tokens[position].spaceBefore || tokens[position - 1].kind == .punctuation else {
                continue
            }
            keep[position] = false
            keep[position + 1] = false
        }
        // the end: skip links and what is already cut, cut markers, then one signature
        var end = tokens.count
        func skipTrailing() {
            while end > 0 {
                let token = tokens[end - 1]
                if token.kind == .address || !keep[end - 1] {
                    end -= 1
                } else if isContinuationMarker(token)
                            || token.kind == .number && token.text.count == 1 && end < tokens.count && !keep[end] {
                    // "forums: <link> 2 ^ZM": a bare part number before a signature
                    keep[end - 1] = false
                    end -= 1
                } else {
                    break
                }
            }
        }
        func cutRange(_ range: Range<Int>) {
            for position in range { keep[position] = false }
            end = range.lowerBound
        }
        skipTrailing()
        // "-RE.": a full stop after the signature belongs to it
        let last = end > 0 && tokens[end - 1].text == "." && end >= 2 && tokens[end - 2].kind == .word ? end - 1 : end
        if last >= 2, ["*", "/"].contains(tokens[last - 2].text), isNameLike(tokens[last - 1]),
           !tokens[last - 1].spaceBefore,
           tokens[last - 2].spaceBefore || last - 2 == 0 || tokens[last - 3].kind == .punctuation {
            // "*JD", "*KevinM", "/TB"
            cutRange(last - 2..<end)
        } else if let words = [2, 1].first(where: { count in
            last - count - 1 >= 0 && dashes.contains(tokens[last - count - 1].text)
                && tokens[(last - count)..<last].allSatisfy(isNameLike)
                && (last - count - 1 == 0 || tokens[last - count - 2].kind != .number)
        }) {
            // "-Becky", "- Paul", "-AG", "you.-DD", "- Mary Ann"; not a range "9 - 5"
            cutRange(last - words - 1..<end)
        } else if last >= 1, tokens[last - 1].kind == .word, let joined = hyphenSignature(tokens[last - 1]) {
            // "go-DD", "Thanks-Sha": the tokenizer joined the signature to the last word
            tokens[last - 1] = joined.head
            cut.append(joined.tail)
            for position in last..<end { keep[position] = false }
        } else if last >= 2, isNameLike(tokens[last - 1]), tokens[last - 1].spaceBefore,
                  !signOffWords.contains(tokens[last - 1].folded),
                  [".", "!", "?", ")", "…", "...", "!!"].contains(tokens[last - 2].text),
                  tokens[..<(last - 2)].contains(where: { $0.kind == .word }) {
            // "... for you. Steven": a bare first name after the last sentence
            cutRange(last - 1..<end)
        }
        var kept: [Token] = []
        for (position, token) in tokens.enumerated() {
            if keep[position] { kept.append(token) } else { cut.append(token.start..<token.end) }
        }
        return (kept, cut.sorted { $0.lowerBound < $1.lowerBound })
    }

    /// "go-DD" as "go" and the signature "-DD": a word, a hyphen, then initials or a name.
    static func hyphenSignature(_ token: Token) -> (head: Token, tail: Range<Int>)? {
        let scalars = Array(token.text.unicodeScalars)
        guard let hyphen = scalars.lastIndex(where: { $0 == "-" || $0 == "‑" }), hyphen > 0,
              hyphen + 1 < scalars.count, scalars[hyphen - 1].isLowerLetter, scalars[hyphen + 1].isUpperLetter,
              scalars[(hyphen + 1)...].allSatisfy({ $0.properties.isAlphabetic }),
              scalars.count - hyphen - 1 <= 15 else { return nil }
        let text = String(String.UnicodeScalarView(scalars[..<hyphen]))
        let head = Token(text: text, folded: fold(text), kind: .word, start: token.start, end: token.start + hyphen,
                         spaceBefore: token.spaceBefore, lineBreakBefore: token.lineBreakBefore)
        return (head, token.start + hyphen..<token.end)
    }
}
