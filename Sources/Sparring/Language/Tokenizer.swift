import Foundation

/// One piece of a reply: a word, a number, an address (e-mail, URL) or punctuation.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case word, number, address, punctuation }

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
            // ask it about addresses was a hot spot of batch grading
            var chunkEnd = index
            var hasAt = false, hasScheme = false, hasInnerDot = false
            while chunkEnd < scalars.count, !isSpace(scalars[chunkEnd]) {
                let scalar = scalars[chunkEnd]
                if scalar == "@" { hasAt = true }
                if scalar == ":", chunkEnd + 2 < scalars.count, scalars[chunkEnd + 1] == "/", scalars[chunkEnd + 2] == "/" { hasScheme = true }
                // a dot with a letter or digit after it: "shop.example", not "today."
                if scalar == ".", chunkEnd + 1 < scalars.count, scalars[chunkEnd + 1].properties.isAlphabetic || scalars[chunkEnd + 1].properties.numericType != nil {
                    hasInnerDot = true
                }
                chunkEnd += 1
            }
            let startsWithWWW = chunkEnd - index > 4 && scalars[index + 3] == "."
                && scalars[index..<index + 3].allSatisfy { $0 == "w" || $0 == "W" }
            if hasAt || hasScheme || startsWithWWW || hasInnerDot && looksLikeDomain(String(String.UnicodeScalarView(scalars[index..<chunkEnd]))) {
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

    /// `shop.example/cancel`: Latin labels joined by dots, ending in letters.
    static func looksLikeDomain(_ chunk: String) -> Bool {
        let core = chunk.trimmingCharacters(in: CharacterSet(charactersIn: ".,;:!?)(«»\"'"))
        // labels of letters, digits and '-' joined by dots, then an optional /path; the labels may carry
        // capitals ("Outlook.com"), the ending is two lower-case letters or more: "us.However" is two sentences
        let host = core.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let ending = labels.last, ending.utf8.count >= 2,
              ending.utf8.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }) else { return false }
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
        let all = tokens(text)
        var sentences: [Sentence] = []
        var current: [Token] = []
        func close() {
            guard !current.isEmpty else { return }
            let question = current.contains { $0.kind == .punctuation && $0.text.contains("?") }
            sentences.append(Sentence(tokens: current, isQuestion: question))
            current = []
        }
        for (position, token) in all.enumerated() {
            // a line break between tokens ends a sentence
            if !current.isEmpty, token.lineBreakBefore { close() }
            current.append(token)
            guard token.kind == .punctuation, sentenceEnders.contains(token.text) || token.text.allSatisfy({ "!?".contains($0) }) else { continue }
            if token.text == ".", position > 0 {
                let previous = all[position - 1]
                if !token.spaceBefore, previous.kind == .word, abbreviations.contains(previous.folded) { continue }
                // "Booking No. 20417", «Заказ Nr. 5»: a number sign before its number
                if !token.spaceBefore, previous.kind == .word, ["no", "nr", "nos"].contains(previous.folded),
                   position + 1 < all.count, all[position + 1].kind == .number { continue }
            }
            // " .vcf", " .env": a dot after a space and right before a word names a file type, not an end
            if token.text == ".", token.spaceBefore, position + 1 < all.count, !all[position + 1].spaceBefore,
               all[position + 1].kind == .word { continue }
            close()
        }
        close()
        return sentences
    }
}
