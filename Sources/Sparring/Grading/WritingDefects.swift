/// The visible writing defects behind the `hygiene` signal.
extension LanguagePack {
    func writingDefects(in reply: AnalyzedReply) -> [WritingDefect] {
        var defects: [WritingDefect] = []
        func add(_ kind: WritingDefect.Kind, _ start: Int, _ end: Int, note: String? = nil) {
            defects.append(WritingDefect(kind: kind, evidence: Evidence(quote: reply.quote(start, end), start: start, end: end, note: note)))
        }
        let scalars = Array(reply.text.unicodeScalars)
        // "Kind regards,\nJi-woo", «С уважением,\nОльга\nслужба поддержки»: after a closing line, a few words to
        // the end are the signature: a name or a team as the agent writes it, neither a sentence nor a typo
        let signature: Int = matches("sign-off", in: reply).last.flatMap { closing in
            let after = reply.sentences[closing.sentence...].flatMap(\.words).filter { $0.start >= closing.end }
            return after.count <= 6 ? closing.end : nil
        } ?? Int.max

        for (index, sentence) in reply.sentences.enumerated() {
            // "the green one... good taste, bad timing": after an ellipsis the sentence runs on
            let runsOn = index > 0 && reply.sentences[index - 1].tokens.last.map { ["...", "…"].contains($0.text) } == true
            // "iPhone" and "iOS" are names written that way, not a sentence started small
            if !runsOn, let first = sentence.tokens.first, first.kind == .word, first.start < signature,
               let letter = first.text.unicodeScalars.first, letter.isLowerLetter,
               !first.text.unicodeScalars.dropFirst().prefix(while: { $0.properties.isAlphabetic }).contains(where: { $0.isUpperLetter }) {
                add(.smallLetterStart, first.start, first.end)
            }
        }
        let allTokens = reply.sentences.flatMap(\.tokens)
        for (position, token) in allTokens.enumerated() where position + 1 < allTokens.count {
            let next = allTokens[position + 1]
            guard token.kind == .punctuation, [",", ".", "!", "?", ";"].contains(token.text),
                  next.kind == .word, !next.spaceBefore else { continue }
            // a dot with a space before and none after starts a file type or a name: "the .vcf file"
            if token.text == ".", token.spaceBefore { continue }
            // «т.е.», "e.g.": a single letter before the full stop is an abbreviation
            if token.text == ".", position > 0, allTokens[position - 1].kind == .word, allTokens[position - 1].text.count == 1 { continue }
            add(.missingSpace, position > 0 ? allTokens[position - 1].start : token.start, next.end)
        }

        var index = 1
        while index + 1 < scalars.count {
            if scalars[index] == " ", scalars[index + 1] == " ", !scalars[index - 1].properties.isWhitespace {
                var end = index
                while end < scalars.count, scalars[end] == " " { end += 1 }
                // spaces that set off a handle or a signature ("@116537  Pls", "today.  *HFG") are layout, not a slip
                let besideDecoration = reply.decorations.contains { $0.upperBound == index || $0.lowerBound == end }
                if end < scalars.count, scalars[end] != "\n", !besideDecoration {
                    add(.doubleSpace, max(0, index - 8), min(scalars.count, end + 8))
                }
                index = end
            } else {
                index += 1
            }
        }

        let words = reply.sentences.flatMap { $0.words }
        func isCaps(_ word: AnalyzedWord) -> Bool {
            // codes such as "RU48213377" are not shouting, nor the customer's own «СРОЧНО» quoted back
            guard word.kind == .word, !word.quoted else { return false }
            var letters = 0
            for scalar in word.text.unicodeScalars {
                guard scalar.isLetter, scalar.isUpperLetter else { return false }
                letters += 1
            }
            return letters >= 2 && !acronyms.contains(word.folded)
        }
        for (position, word) in words.enumerated() where isCaps(word) {
            let neighbourCaps = (position > 0 && isCaps(words[position - 1])) || (position + 1 < words.count && isCaps(words[position + 1]))
            // "NOT" and «НЕ» shout, "VLAN" and "SAML" name: capitals shout when the word is an ordinary one
            // in lower case; without a dictionary, long words and runs of capitals shout
            let shouts: Bool
            if let speller {
                shouts = word.text.count >= (language == .ru ? 2 : 3) && speller.isCorrect(word.folded)
            } else {
                shouts = word.text.count >= 4 || neighbourCaps
            }
            if shouts {
                add(.shouting, word.start, word.end)
                break
            }
        }

        if let speller {
            for sentence in reply.sentences {
                for (position, word) in sentence.words.enumerated() where word.kind == .word && word.start < signature {
                    guard shouldSpellCheck(word, sentenceInitial: position == 0 && sentence.tokens.first?.start == word.start) else { continue }
                    var spelled = word.text
                    for suffix in ["'s", "’s"] where spelled.hasSuffix(suffix) { spelled = String(spelled.dropLast(2)) }
                    if !speller.isCorrect(spelled) {
                        let parts = spelled.split(whereSeparator: { $0 == "-" }).map(String.init)
                        if parts.count > 1, parts.allSatisfy({ speller.isCorrect($0) }) { continue }
                        if speller.isRegularForm(spelled) { continue }
                        // only a slip from a known word is a typo; an unknown new word («роутер») is not
                        if let correction = speller.typoCorrection(for: spelled) {
                            add(.misspelling, word.start, word.end, note: correction)
                        }
                    }
                }
            }
        }
        for (index, sentence) in reply.sentences.enumerated() {
            // "once more, then" is two clauses, not "more then"
            for match in confusions.lexicon.rawMatches(in: sentence, sentenceIndex: index, candidates: reply.candidates)
            where sentence.words[match.first].clause == sentence.words[match.last].clause {
                add(.misspelling, match.start, match.end, note: confusions.fixes[match.pattern])
            }
        }
        return defects.sorted { $0.evidence.start < $1.evidence.start }
    }

    /// One pass over the word's scalars, no copies: this runs for every word of every reply.
    private func shouldSpellCheck(_ word: AnalyzedWord, sentenceInitial: Bool) -> Bool {
        var letters = 0, capitals = 0
        var cyrillic = false
        for scalar in word.text.unicodeScalars {
            guard scalar.isLetter else {
                // only letters, and the hyphens and apostrophes that join them
                if scalar == "-" || scalar == "'" || scalar == "’" { continue }
                return false
            }
            letters += 1
            if scalar.isUpperLetter { capitals += 1 }
            if (0x0400...0x04FF).contains(scalar.value) { cyrillic = true }
        }
        guard letters > 1 else { return false }
        // names and acronyms are left alone: a capital not at a sentence start, or all capitals
        if !sentenceInitial, capitals > 0 { return false }
        if capitals == letters { return false }
        return language == .ru ? cyrillic : !cyrillic
    }
}
