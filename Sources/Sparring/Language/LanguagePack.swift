import Foundation

/// Everything the grader knows about one language: stems, lexicons, negation, spelling.
/// Built from the lexicon files of that language; safe to share: the C handles inside serialise their calls.
public final class LanguagePack: @unchecked Sendable {
    public let language: Language
    let stemmer: Stemmer
    public let lexicons: [String: Lexicon]
    let negation: Negation
    /// Subjects that make a following one-word request cue a statement: "I'll send", "he will reply".
    let requestSubjects: Set<String>
    /// "I", "we": a data word right after one of them, in its clause, is what the agent does.
    let agentSubjects: Set<String>
    /// Upper-case words that are names, not shouting: «ИНН», "PHP".
    let acronyms: Set<String>
    let speller: Speller?
    /// Real words in the wrong place («в течении трёх дней», "wether it works"), with their fix:
    /// no dictionary flags them.
    let confusions: Confusions
    /// The learned model beside the lexicons (`signal-model.txt`), when the language has one.
    let model: SignalModel?
    private let wordLock = NSLock()
    let compiler: PatternCompiler
    /// Each distinct word's interned form, stem and dictionary forms, by its folded bytes.
    private var wordCache: [Symbols.Key: (Int32, Int32, [Int32])] = [:]
    /// Every lexicon above, the negation's and the confusions' in one index by word.
    let index: LexiconIndex

    /// The lexicon files every language must have.
    public static let requiredLexicons = [
        "greeting", "apology", "apology-admission", "apology-in-fault", "empathy", "deflection", "deflection-weak", "clarifying", "clarifying-question",
        "escalation-handoff", "escalation-ownership", "channel", "canned", "request", "negation-after",
        "reason", "reason-weak", "channel-private", "refusal", "alternative", "acknowledged", "channel-phone",
        "apology-again", "suggestion", "self-action", "apology-bare", "apology-wait", "customer-waited",
        "readings-hedged", "refusal-demand", "answer-pending", "answer-money", "channel-mention", "sign-off",
        "self-help",
    ] + AnswerType.valued.map { "answer-\($0.rawValue)" } + DataKind.requestable.map { "asks-\($0.rawValue)" }

    /// A problem with a lexicon file, naming the file and line.
    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// - Parameters:
    ///   - files: lexicon file name (without `.txt`) to its text.
    ///   - speller: Hunspell for this language, or nil to skip the spelling check.
    public convenience init(language: Language, files: [String: String], speller: Speller?) throws(LoadError) {
        try self.init(language: language, files: files, speller: speller, model: Self.model(language: language, files: files))
    }

    /// With the model already read from `files` (`model(language:files:)`), on another thread while Hunspell opened.
    init(language: Language, files: [String: String], speller: Speller?, model: SignalModel?) throws(LoadError) {
        self.language = language
        let stemmer = Stemmer(language)
        self.stemmer = stemmer
        speller?.allow(Self.words(files["spelling-allow"]))
        self.speller = speller
        let meanings = Self.meaningNames(files)
        compiler = PatternCompiler(stemmer: stemmer, speller: speller, meanings: meanings)
        var lexicons: [String: Lexicon] = [:]
        for name in Self.requiredLexicons + meanings.sorted().map({ "meaning-\($0)" }) {
            guard let text = files[name] else {
                throw LoadError(description: "Lexicons/\(language.rawValue)/\(name).txt is missing; every language needs it.")
            }
            do {
                lexicons[name] = try Lexicon(name: name, text: text, stem: stemmer.stem, lemmas: { speller?.lemmas(of: $0) ?? [] })
            } catch {
                throw LoadError(description: "Lexicons/\(language.rawValue)/\(name).txt:\(error.line): error: \(error.message).")
            }
        }
        var confusions = try Self.confusions(language: language, files: files, stem: stemmer.stem,
                                             lemmas: { speller?.lemmas(of: $0) ?? [] })
        let names = lexicons.keys.sorted()
        let index = LexiconIndex(names.map { lexicons[$0]! } + [confusions.lexicon])
        for (ordinal, name) in names.enumerated() {
            lexicons[name]!.ordinal = ordinal
            lexicons[name]!.indexIdentity = index.identity
        }
        confusions.lexicon.ordinal = names.count
        confusions.lexicon.indexIdentity = index.identity
        self.index = index
        self.lexicons = lexicons
        self.confusions = confusions
        negation = Negation(before: Set(Self.words(files["negation-before"]).map(Tokenizer.fold)), after: lexicons["negation-after"]!,
                            polite: Set(Self.words(files["negation-polite"]).map(Tokenizer.fold)))
        acronyms = Set(Self.words(files["acronyms"]).map(Tokenizer.fold))
        requestSubjects = Set(Self.words(files["request-subjects"]).map(Tokenizer.fold))
        agentSubjects = Set(Self.words(files["agent-subjects"]).map(Tokenizer.fold))
        self.model = model
    }

    private static func confusions(language: Language, files: [String: String], stem: (String) -> String,
                                   lemmas: (String) -> [String]) throws(LoadError) -> Confusions {
        do {
            return try Confusions(text: files["confusions"] ?? "", stem: stem, lemmas: lemmas)
        } catch {
            throw LoadError(description: "Lexicons/\(language.rawValue)/confusions.txt:\(error.line): error: \(error.message).")
        }
    }

    static func model(language: Language, files: [String: String]) throws(LoadError) -> SignalModel? {
        guard let text = files["signal-model"] else { return nil }
        do {
            return try SignalModel(text: text)
        } catch {
            throw LoadError(description: "Lexicons/\(language.rawValue)/signal-model.txt:\(error.line): error: \(error.message).")
        }
    }

    /// Words set off by commas that do not break a phrase, in every language (`parentheticals` in language.txt).
    static let parentheticals: Set<String> = Set(Language.allCases.flatMap { LanguageFacts.of($0).parentheticals })

    /// Words that open a subordinate clause, in every language (`subordinators` in language.txt).
    static let subordinators: Set<String> = Set(Language.allCases.flatMap { LanguageFacts.of($0).subordinators })

    /// The entries of a word-list file: one a line, `#` comments.
    static func words(_ text: String?) -> [String] {
        (text ?? "").split(separator: "\n").map { $0.trimmed }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    func lexicon(_ name: String) -> Lexicon { lexicons[name]! }

    /// The meanings a language's lexicon folder defines: `meaning-<name>.txt`.
    static func meaningNames(_ files: [String: String]) -> Set<String> {
        Set(files.keys.filter { $0.hasPrefix("meaning-") }.map { String($0.dropFirst("meaning-".count)) })
    }

    /// Whether a reply answers a case question: by the author's patterns, by one of the shared meanings,
    /// or by a statement (not a question back) about the question's topic carrying an answer of its type.
    public func answers(_ question: Question, in report: SignalReport) -> AnswerMatch? {
        let reply = report.reply
        // "Will you block the number?" — "we don't block numbers without a police decision": no is an answer too
        let answering = matches(question.answeredBy, in: reply, negationCancels: false)
        if let match = answering.first(where: { match in
            !negation.isNegated(match, in: reply.sentences[match.sentence], candidates: reply.candidates)
        }) ?? answering.first(where: { question.answer == .yesNo && !reply.sentences[$0.sentence].isQuestion }) {
            return AnswerMatch(by: .pattern, quote: reply.quote(match.start, match.end))
        }
        for meaning in question.meanings {
            if let match = literalMatches("meaning-\(meaning)", in: reply).first {
                return AnswerMatch(by: .meaning(meaning), quote: reply.quote(match.start, match.end))
            }
        }
        guard let type = question.answer, !question.topic.isEmpty else { return nil }
        let statements = matches(question.topic, in: reply).filter { !reply.sentences[$0.sentence].isQuestion }
        guard type.needsValue else {
            guard let statement = statements.first else { return nil }
            return AnswerMatch(by: .answerType(type), quote: reply.quote(statement.start, statement.end))
        }
        // "When will it end? As soon as you pick a kettle.": a short question heading lends its topic to the
        // statement right after it
        let headed = matches(question.topic, in: reply).map(\.sentence).filter { index in
            reply.sentences[index].isQuestion && reply.sentences[index].words.count <= 10
                && index + 1 < reply.sentences.count && !reply.sentences[index + 1].isQuestion
        }.map { $0 + 1 }
        let sentences = Set(statements.map(\.sentence) + headed)
        let valued = literalMatches("answer-\(type.rawValue)", in: reply)
        if let value = valued.first(where: { sentences.contains($0.sentence) }) {
            return AnswerMatch(by: .answerType(type), quote: reply.quote(value.start, value.end))
        }
        // "No ETA yet; I'll write the moment the engineers have one", "$240, everything included": a pending
        // time and a sum with its currency name what they answer themselves, so they need no topic beside them
        let own = type == .time || type == .duration ? "answer-pending" : type == .amount ? "answer-money" : nil
        guard let own,
              let value = literalMatches(own, in: reply).first(where: { !reply.sentences[$0.sentence].isQuestion })
        else { return nil }
        return AnswerMatch(by: .answerType(type), quote: reply.quote(value.start, value.end))
    }

    /// Matches of a lexicon whose lines hold their own negations ("nothing more is needed", «звонка не будет»):
    /// negation does not cancel them.
    func literalMatches(_ name: String, in reply: AnalyzedReply) -> [PhraseMatch] {
        let lexicon = lexicon(name)
        return reply.sentences.enumerated().flatMap { index, sentence in
            lexicon.rawMatches(in: sentence, sentenceIndex: index, candidates: reply.candidates)
        }
    }

    /// Whether a reply conveys a resolve point: by its patterns or one of the shared meanings.
    public func conveys(_ point: ResolvePoint, in report: SignalReport) -> AnswerMatch? {
        if let match = matches(point.patterns, in: report.reply).first {
            return AnswerMatch(by: .pattern, quote: report.reply.quote(match.start, match.end))
        }
        for meaning in point.meanings {
            if let match = literalMatches("meaning-\(meaning)", in: report.reply).first {
                return AnswerMatch(by: .meaning(meaning), quote: report.reply.quote(match.start, match.end))
            }
        }
        return nil
    }

    /// Checks every lexicon file of a language for syntax, without stemming anything.
    static func checkSyntax(language: Language, files: [String: String]) throws(LoadError) {
        for name in requiredLexicons {
            guard let text = files[name] else {
                throw LoadError(description: "Lexicons/\(language.rawValue)/\(name).txt is missing; every language needs it.")
            }
            do {
                _ = try Lexicon(name: name, text: text, stem: { $0 })
            } catch {
                throw LoadError(description: "Lexicons/\(language.rawValue)/\(name).txt:\(error.line): error: \(error.message).")
            }
        }
        if let text = files["signal-model"] {
            do {
                try SignalModel.validate(text)
            } catch {
                throw LoadError(description: "Lexicons/\(language.rawValue)/signal-model.txt:\(error.line): error: \(error.message).")
            }
        }
        _ = try confusions(language: language, files: files, stem: { $0 }, lemmas: { _ in [] })
    }

    func stem(_ word: String) -> String { stemmer.stem(Tokenizer.fold(word)) }

    /// Compiles a case file's pattern in this language; the same pattern in many files compiles once.
    public func pattern(_ source: String) throws(PhrasePattern.SyntaxError) -> PhrasePattern {
        try compiler.pattern(source)
    }

    /// Words that open a sentence by addressing the customer before it starts: "Hi there,", «Добрый день,».
    static let openers: Set<String> = [
        "hi", "hello", "hey", "hiya", "dear", "there", "again", "good", "morning", "afternoon", "evening", "day",
        "all", "folks", "everyone", "team", "thanks", "ok", "okay", "sure", "yes", "oh", "ah", "well", "so",
        "здравствуйте", "привет", "добрый", "доброе", "доброго", "день", "утро", "вечер", "времени", "суток",
        "коллеги", "уважаемый", "уважаемая", "уважаемые", "спасибо", "да", "хорошо", "ок", "итак",
    ]

    /// The index after an opening address ("Hey James,", «Добрый день,», "Martel,"), or nil: a first clause
    /// of up to four words, each an opener word or a name, ended by a comma.
    func openingAddressEnd(_ words: [AnalyzedWord], tokens: [Token]) -> Int? {
        guard let first = words.first, first.clause == 0, let end = words.firstIndex(where: { $0.clause != 0 }),
              end <= 4, words[end].clause == 1 else { return nil }
        // the clause ends at a comma, not a colon or a dash
        guard let comma = tokens.last(where: { $0.end <= words[end].start && $0.kind == .punctuation }),
              comma.text == "," else { return nil }
        let named = words[..<end].allSatisfy { word in
            if Self.openers.contains(word.folded) { return true }
            // a name: capitalised, and not an everyday word in lower case ("Unfortunately," is no address)
            guard word.kind == .word, word.text.unicodeScalars.first?.isUpperLetter == true else { return false }
            return word.start != first.start || speller.map { !$0.isCorrect(word.folded) } ?? false
        }
        return named ? end : nil
    }

    /// Splits, folds and stems a reply.
    public func analyze(_ text: String) -> AnalyzedReply {
        let (split, decorations) = Tokenizer.split(text)
        let sentences = split.map { sentence -> AnalyzedSentence in
            var clause = 0
            var phrase = 0
            var quoted = false
            var words: [AnalyzedWord] = []
            let tokens = sentence.tokens
            for (position, token) in tokens.enumerated() {
                if token.kind == .punctuation {
                    // "a 7-minute outage": a hyphen joined to the words on both sides is inside a word, not a break
                    let joined = token.text == "-" && position > 0 && position + 1 < tokens.count
                        && tokens[position - 1].end == token.start && tokens[position + 1].start == token.end
                    if !joined, [",", ":", ";", "—", "–", "-", "(", ")"].contains(token.text) {
                        clause += 1
                        let before = tokens[..<position].last { $0.kind != .punctuation }
                        let after = tokens[(position + 1)...].first { $0.kind != .punctuation }
                        let aside = [before, after].contains { $0.map { Self.parentheticals.contains($0.folded) } ?? false }
                            || after.map { Self.subordinators.contains($0.folded) } ?? false
                        if !(token.text == "," && aside) { phrase += 1 }
                    }
                    switch token.text {
                    case "«", "“", "„": quoted = true
                    case "»", "”": quoted = false
                    case "\"": quoted.toggle()
                    default: break
                    }
                    continue
                }
                let (foldedID, stemID, lemmaIDs) = symbols(token)
                let initials = Lexicon.initials(of: token.folded.utf8)
                let initial = initials >> 63 == 1 ? (initials >> 21) & 0x1F_FFFF : initials
                words.append(AnalyzedWord(text: token.text, folded: token.folded, foldedID: foldedID, stemID: stemID,
                                          lemmaIDs: lemmaIDs, initial: initial, initials: initials, kind: token.kind,
                                          start: token.start, end: token.end, clause: clause, phrase: phrase, quoted: quoted))
            }
            if !words.isEmpty { words[0].opensSentence = true }
            if let opened = openingAddressEnd(words, tokens: tokens) { words[opened].opensSentence = true }
            return AnalyzedSentence(words: words, tokens: sentence.tokens, isQuestion: sentence.isQuestion)
        }
        var reply = AnalyzedReply(text: text, language: language, sentences: sentences)
        reply.decorations = decorations
        reply.candidates = index.candidates(sentences)
        return reply
    }

    /// A word's interned form, stem and dictionary forms, computed once per distinct word: after that a
    /// word costs one look-up by its bytes, with no copy.
    private func symbols(_ token: Token) -> (Int32, Int32, [Int32]) {
        guard token.kind == .word else {
            let foldedID = Symbols.shared.id(token.folded)
            return (foldedID, foldedID, [])
        }
        let key = Symbols.Key(token.folded)
        wordLock.lock()
        if let known = wordCache[key] {
            wordLock.unlock()
            return known
        }
        wordLock.unlock()
        let foldedID = Symbols.shared.id(token.folded)
        let stemID = Symbols.shared.id(stemmer.stem(token.folded))
        let lemmaIDs = (speller?.lemmas(of: token.folded) ?? []).map(Symbols.shared.id)
        wordLock.lock()
        if wordCache.count < 500_000 { wordCache[key] = (foldedID, stemID, lemmaIDs) }
        wordLock.unlock()
        return (foldedID, stemID, lemmaIDs)
    }

    /// Matches of a lexicon in a reply, outside negation.
    func matches(_ name: String, in reply: AnalyzedReply) -> [PhraseMatch] {
        matches(lexicon(name), in: reply)
    }

    func matches(_ lexicon: Lexicon, in reply: AnalyzedReply, sentences: Range<Int>? = nil,
                 negationCancels: Bool = true) -> [PhraseMatch] {
        var result: [PhraseMatch] = []
        for index in sentences ?? reply.sentences.indices {
            let sentence = reply.sentences[index]
            for match in lexicon.rawMatches(in: sentence, sentenceIndex: index, candidates: reply.candidates)
            where !negationCancels || !negation.isNegated(match, in: sentence, candidates: reply.candidates) {
                result.append(match)
            }
        }
        return result
    }

    /// Matches of single patterns (from a case file) in a reply, outside negation.
    public func matches(_ patterns: [PhrasePattern], in reply: AnalyzedReply,
                        negationCancels: Bool = true) -> [PhraseMatch] {
        // a case's patterns may well name a quoted label: «Мобильный платёж»
        matches(Lexicon(name: "case", patterns: patterns, skipsQuoted: false), in: reply, negationCancels: negationCancels)
    }
}

/// Compiles phrase patterns of one language (stems, and dictionary forms when Hunspell is loaded),
/// caching them: case files repeat their patterns.
/// `@unchecked Sendable`: `cache` and `repeats` are read and written only under `lock`.
public final class PatternCompiler: @unchecked Sendable {
    let stemmer: Stemmer
    let speller: Speller?
    /// The shared meanings case files may name.
    public let meanings: Set<String>
    private let lock = NSLock()
    private var cache: [String: PhrasePattern] = [:]
    private var repeats: [String: String?] = [:]

    init(stemmer: Stemmer, speller: Speller?, meanings: Set<String>) {
        self.stemmer = stemmer
        self.speller = speller
        self.meanings = meanings
    }

    /// `PhrasePattern.repeatedChoiceWord(in:)`, once per source: case files repeat their patterns.
    public func repeatedChoiceWord(in source: String) -> String? {
        if let known = lock.withLock({ repeats[source] }) { return known }
        let found = PhrasePattern.repeatedChoiceWord(in: source)
        lock.withLock { if repeats.count < 100_000 { repeats[source] = found } }
        return found
    }

    public func pattern(_ source: String) throws(PhrasePattern.SyntaxError) -> PhrasePattern {
        lock.lock()
        let cached = cache[source]
        lock.unlock()
        if let cached { return cached }
        let compiled = try PhrasePattern(source, stem: stemmer.stem, lemmas: { [speller] in speller?.lemmas(of: $0) ?? [] })
        lock.lock()
        if cache.count < 100_000 { cache[source] = compiled }
        lock.unlock()
        return compiled
    }
}

/// A lexicon of misused real words: `PATTERN => FIX` a line, `- PATTERN` for an exception, `#` comments.
struct Confusions: Sendable {
    /// Its place in the language's index is set when the pack is built.
    var lexicon: Lexicon
    /// The fix for each pattern, by the pattern as written.
    let fixes: [String: String]

    init(text: String, stem: (String) -> String, lemmas: (String) -> [String]) throws(Lexicon.LineError) {
        var patterns: [PhrasePattern] = []
        var exclusions: [PhrasePattern] = []
        var fixes: [String: String] = [:]
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmed
            if line.isEmpty || line.hasPrefix("#") { continue }
            do {
                if line.hasPrefix("- ") {
                    exclusions.append(try PhrasePattern(String(line.dropFirst(2)), stem: stem, lemmas: lemmas))
                    continue
                }
                let parts = line.components(separatedBy: "=>")
                guard parts.count == 2, !parts[0].trimmed.isEmpty, !parts[1].trimmed.isEmpty else {
                    throw Lexicon.LineError(line: offset + 1, message: "write 'PATTERN => FIX', e.g. '=в =течении # => в течение'")
                }
                let pattern = try PhrasePattern(parts[0].trimmed, stem: stem, lemmas: lemmas)
                patterns.append(pattern)
                fixes[pattern.description] = parts[1].trimmed
            } catch let error as PhrasePattern.SyntaxError {
                throw Lexicon.LineError(line: offset + 1, message: error.message)
            } catch let error as Lexicon.LineError {
                throw error
            } catch {
                throw Lexicon.LineError(line: offset + 1, message: "\(error)")
            }
        }
        // a quoted label is not the reply's own writing
        lexicon = Lexicon(name: "confusions", patterns: patterns, exclusions: exclusions)
        self.fixes = fixes
    }
}

/// What Sparring must know of a language beyond its lexicons, read from `Lexicons/<lang>/language.txt`:
/// the names it goes by, its letters, its stemmer and dictionaries, its yes and no, its commas' habits.
public struct LanguageFacts: Sendable {
    public let names: [String]
    public let snowball: String
    public let dictionaries: [String]
    public let alphabet: Set<Unicode.Scalar>
    public let yes: [String]
    public let no: [String]
    public let parentheticals: [String]
    public let subordinators: [String]

    /// Read once per process from the lexicon folder in use, else the shipped one (a trainer's copy of
    /// the lexicons may leave the file out).
    private static let all: [Language: LanguageFacts] = {
        var facts: [Language: LanguageFacts] = [:]
        for language in Language.allCases {
            let name = "\(language.rawValue)/language.txt"
            let text = [Analyzer.bundledLexicons, Bundle.module.resourceURL!.appendingPathComponent("Lexicons")].lazy
                .compactMap { try? String(contentsOf: $0.appendingPathComponent(name), encoding: .utf8) }.first
            facts[language] = LanguageFacts(text: text ?? "")
        }
        return facts
    }()

    public static func of(_ language: Language) -> LanguageFacts { all[language] ?? LanguageFacts(text: "") }

    /// `key = value` lines, `#` comments; lists are separated by spaces.
    public init(text: String) {
        var values: [String: [String]] = [:]
        for line in text.split(separator: "\n") where !line.trimmed.hasPrefix("#") {
            guard let equals = line.range(of: "=") else { continue }
            let key = line[..<equals.lowerBound].trimmed
            values[key] = line[equals.upperBound...].split(separator: " ").map { String($0).trimmed }
                .filter { !$0.isEmpty }
        }
        names = values["names"] ?? []
        snowball = values["snowball"]?.first ?? ""
        dictionaries = values["dictionaries"] ?? []
        let letters = (values["alphabet"] ?? []).joined().lowercased()
        // both cases, so that a reply's letters are looked up as they are
        alphabet = Set(letters.unicodeScalars).union(letters.uppercased().unicodeScalars)
        yes = values["yes"] ?? []
        no = values["no"] ?? []
        parentheticals = (values["parentheticals"] ?? []).map(Tokenizer.fold)
        subordinators = (values["subordinators"] ?? []).map(Tokenizer.fold)
    }

    /// Whether an answer to a yes-or-no question says no: a no-word, or a word starting with a one-letter no.
    public func saysNo(_ answer: String) -> Bool {
        let folded = answer.trimmed.lowercased()
        guard !folded.isEmpty else { return false }
        return no.contains { $0.count == 1 ? folded.hasPrefix($0) : folded == $0 }
    }
}
