import Foundation
import Yams

/// Reads case files: YAML text in, a `Case` and every problem found out, each with its line.
public struct CaseLoader: Sendable {
    /// Larger files are refused before parsing: a case is a few kilobytes.
    public static let maximumFileSize = 1_000_000

    static let topKeys = [
        "format", "id", "lang", "title", "source", "difficulty", "trains", "channel", "persona", "fault", "opening",
        "given", "records", "questions", "ambiguity", "escalate", "resolve", "reactions", "endings", "debrief",
        "model_reply", "examples",
    ]
    static let endingKeys = ["resolved", "walked-away"]

    let analyzer: Analyzer

    public init(analyzer: Analyzer) { self.analyzer = analyzer }

    /// The diagnostic for a file too large to read.
    public static func tooLarge(path: String, size: Int) -> Diagnostic {
        let megabytes = String(format: "%.1f", Double(size) / 1_000_000)
        return Diagnostic(path: path, line: 1, column: 1,
                          message: "the file is \(megabytes) MB; a case file must be under 1 MB, so split it or remove what is not the case")
    }

    /// Loads one case. `folderLanguage` is the language of the folder the file sits in, if any.
    public func load(text: String, path: String, folderLanguage: Language? = nil) -> (Case?, [Diagnostic]) {
        var reader = NodeReader(path: path)
        if text.utf8.count > Self.maximumFileSize {
            return (nil, [Self.tooLarge(path: path, size: text.utf8.count)])
        }
        if let refused = YAMLGuard.check(text, path: path) { return (nil, [refused]) }
        let root: Node?
        do {
            // every scalar is read as text: tag resolution (regexes per scalar) would only cost time; the
            // encoding named, so that Yams does not read the environment for it at every file
            root = try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch let error as YamlError {
            return (nil, [Self.syntaxDiagnostic(error, path: path)])
        } catch {
            return (nil, [Diagnostic(path: path, line: 1, column: 1, message: "cannot read the file as YAML: \(error)")])
        }
        guard let root else {
            return (nil, [Diagnostic(path: path, line: 1, column: 1, message: "the file is empty; run 'sparring cases new ID' for a scaffold")])
        }
        guard let keys = reader.mapping(root, "the case", known: Self.topKeys) else { return (nil, reader.diagnostics) }
        let built = build(keys, root: root, reader: &reader, path: path, folderLanguage: folderLanguage)
        let errors = reader.diagnostics.contains { $0.severity == .error }
        return (errors ? nil : built, reader.diagnostics)
    }

    /// `^[a-z0-9]+(-[a-z0-9]+)*$` by hand: Foundation compiles the regular expression anew at every call.
    static func isKebabCase(_ id: String) -> Bool {
        var previous = UInt8(ascii: "-")
        for byte in id.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): break
            case UInt8(ascii: "-") where previous != UInt8(ascii: "-"): break
            default: return false
            }
            previous = byte
        }
        return previous != UInt8(ascii: "-")
    }

    static func syntaxDiagnostic(_ error: YamlError, path: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text); " } ?? ""
            return Diagnostic(path: path, line: mark.line, column: mark.column,
                              message: "invalid YAML: \(detail)\(problem); check the indentation and quoting here")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(path: path, line: context.mark.line, column: context.mark.column,
                              message: "key \(names) appears more than once in the same mapping; keep one")
        case .reader(let problem, _, _, _):
            return Diagnostic(path: path, line: 1, column: 1, message: "cannot read the file: \(problem); save it as UTF-8")
        default:
            return Diagnostic(path: path, line: 1, column: 1, message: "invalid YAML: \(error)")
        }
    }

    // swiftlint:disable:next function_body_length
    private func build(_ keys: [String: (key: Node, value: Node)], root: Node, reader: inout NodeReader,
                       path: String, folderLanguage: Language?) -> Case? {
        if let format = keys["format"]?.value {
            if case .scalar(let scalar) = format, NodeReader.kind(of: scalar) == .number, scalar.string == "1" {
            } else {
                let found = NodeReader.describe(format)
                reader.error(format, "'format' must be 1, the only case format so far; found \(found)")
            }
        } else {
            reader.missing(root, "format", "; add 'format: 1' at the top")
        }
        let id = reader.string(keys["id"]?.value, "id", in: root)
        if let id, let node = keys["id"]?.value {
            if !Self.isKebabCase(id) {
                reader.error(node, "'id' must be kebab-case (lower-case words joined by '-'); found '\(id)'")
            }
            let fileName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            if path.hasSuffix(".yaml") || path.hasSuffix(".yml"), fileName != id {
                reader.error(node, "id '\(id)' does not match the file name '\(fileName)'; rename the file or the id")
            }
        }
        var language = folderLanguage ?? .en
        if let node = keys["lang"]?.value, let code = reader.string(node, "lang") {
            if let parsed = Language(rawValue: code) {
                language = parsed
                if let folderLanguage, folderLanguage != parsed {
                    reader.error(node, "lang '\(code)' does not match the folder '\(folderLanguage.rawValue)/'; move the file or fix 'lang'")
                }
            } else {
                reader.error(node, "'lang' must be one of \(Language.allCases.map(\.rawValue).joined(separator: ", ")); found '\(code)'")
            }
        } else if keys["lang"] == nil {
            reader.missing(root, "lang", "")
        }
        let compiler = analyzer.compiler(language)
        let title = reader.string(keys["title"]?.value, "title", in: root)
        let source = reader.string(keys["source"]?.value, "source", in: root)
        let difficulty = reader.integer(keys["difficulty"]?.value, "difficulty", in: root, range: 1...3)
        let trains = ruleIDs(keys["trains"]?.value, "trains", reader: &reader)
        if keys["trains"] == nil { reader.missing(root, "trains", "; list the rule ids the case is about") }
        let channel = reader.choice(keys["channel"]?.value, "channel", in: root, as: Channel.self)
        let fault = reader.choice(keys["fault"]?.value, "fault", in: root, as: Fault.self)
        let escalate = keys["escalate"] == nil ? EscalationNeed.no
            : reader.choice(keys["escalate"]?.value, "escalate", in: root, as: EscalationNeed.self)

        var persona: Persona?
        if let node = keys["persona"]?.value {
            if let fields = reader.mapping(node, "'persona'", known: ["name", "mood", "patience"]) {
                let name = reader.string(fields["name"]?.value, "name", in: node)
                let mood = reader.choice(fields["mood"]?.value, "mood", in: node, as: Mood.self)
                let patience = reader.integer(fields["patience"]?.value, "patience", in: node, range: 1...9)
                if let name, let mood, let patience { persona = Persona(name: name, mood: mood, patience: patience) }
            }
        } else {
            reader.missing(root, "persona", "")
        }

        let opening = reader.string(keys["opening"]?.value, "opening", in: root)
        let given = facts(keys["given"]?.value, "given", compiler: compiler, reader: &reader)
        let records = facts(keys["records"]?.value, "records", compiler: compiler, reader: &reader)

        var questions: [Question] = []
        for item in reader.list(keys["questions"]?.value, "questions") {
            guard let fields = reader.mapping(item, "a question",
                                              known: ["id", "text", "answered_by", "meanings", "answer", "topic"]) else { continue }
            let questionID = reader.string(fields["id"]?.value, "id", in: item)
            let text = reader.string(fields["text"]?.value, "text", in: item)
            let answers = compile(fields["answered_by"]?.value, "answered_by", compiler: compiler, reader: &reader)
            let meanings = meaningNames(fields["meanings"]?.value, compiler: compiler, reader: &reader)
            let topic = compile(fields["topic"]?.value, "topic", compiler: compiler, reader: &reader)
            let answer = fields["answer"].flatMap { reader.choice($0.value, "answer", in: item, as: AnswerType.self) }
            if answer != nil, topic.isEmpty {
                reader.error(fields["answer"]?.value, "an 'answer' type needs a 'topic': the patterns that say what the question is about")
            }
            if reader.list(fields["answered_by"]?.value, "answered_by").isEmpty, meanings.isEmpty, answer == nil {
                reader.warning(item, "question '\(questionID ?? "?")' has nothing that can answer it; "
                               + "add 'meanings', 'answer' with 'topic', or 'answered_by' patterns")
            }
            if let questionID, questions.contains(where: { $0.id == questionID }) {
                reader.error(fields["id"]?.value, "question id '\(questionID)' is used twice; give each question its own id")
            }
            if let questionID, let text {
                questions.append(Question(id: questionID, text: text, answeredBy: answers, meanings: meanings,
                                          answer: answer, topic: topic))
            }
        }

        var ambiguity: Ambiguity?
        if let node = keys["ambiguity"]?.value,
           let fields = reader.mapping(node, "'ambiguity'", known: ["wrong_readings", "reveal"]) {
            let wrong = compile(fields["wrong_readings"]?.value, "wrong_readings", compiler: compiler, reader: &reader)
            if let reveal = reader.string(fields["reveal"]?.value, "reveal", in: node) {
                ambiguity = Ambiguity(wrongReadings: wrong, reveal: reveal)
            }
        }

        var resolve: [ResolvePoint] = []
        for item in reader.list(keys["resolve"]?.value, "resolve") {
            guard let fields = reader.mapping(item, "a resolve point", known: ["id", "text", "patterns", "meanings"]) else { continue }
            let pointID = reader.string(fields["id"]?.value, "id", in: item)
            let text = reader.string(fields["text"]?.value, "text", in: item)
            let found = compile(fields["patterns"]?.value, "patterns", compiler: compiler, reader: &reader)
            let meanings = meaningNames(fields["meanings"]?.value, compiler: compiler, reader: &reader)
            if found.isEmpty, meanings.isEmpty {
                reader.error(item, "resolve point '\(pointID ?? "?")' needs 'patterns' or 'meanings' that show it was conveyed")
            }
            if let pointID, resolve.contains(where: { $0.id == pointID }) {
                reader.error(fields["id"]?.value, "resolve point id '\(pointID)' is used twice; give each point its own id")
            }
            if let pointID, let text {
                resolve.append(ResolvePoint(id: pointID, text: text, patterns: found, meanings: meanings))
            }
        }
        if keys["resolve"] == nil { reader.missing(root, "resolve", "; say what a resolving reply must convey") }

        var reactions: [String: String] = [:]
        if let node = keys["reactions"]?.value, case .mapping(let mapping) = node {
            for (key, value) in mapping {
                guard let rule = reader.string(key, "reactions") else { continue }
                guard RuleCatalog.ids.contains(rule) else {
                    reader.error(key, "unknown rule '\(rule)' in reactions\(Suggestion.didYouMean(rule, among: RuleCatalog.ids))")
                    continue
                }
                if reactions[rule] != nil { reader.error(key, "rule '\(rule)' appears twice in reactions; keep one") }
                if let line = reader.string(value, rule) { reactions[rule] = line }
                if let warning = unreachableReaction(rule, keys: keys, fault: fault, escalate: escalate, given: given, records: records) {
                    reader.warning(key, warning)
                }
            }
        } else if let node = keys["reactions"]?.value {
            reader.error(node, "'reactions' must map rule ids to the customer's lines; found \(NodeReader.describe(node))")
        }

        var endings: [String: String] = [:]
        if let node = keys["endings"]?.value, let fields = reader.mapping(node, "'endings'", known: Self.endingKeys) {
            for key in Self.endingKeys {
                if let text = reader.string(fields[key]?.value, key, in: node) { endings[key] = text }
            }
        } else if keys["endings"] == nil {
            reader.missing(root, "endings", " (resolved, walked-away)")
        }
        let debrief = reader.string(keys["debrief"]?.value, "debrief", in: root)
        let modelReply = reader.string(keys["model_reply"]?.value, "model_reply", in: root)

        var examples: [CaseExample] = []
        for item in reader.list(keys["examples"]?.value, "examples") {
            guard let fields = reader.mapping(item, "an example", known: ["reply", "expect"]) else { continue }
            let reply = reader.string(fields["reply"]?.value, "reply", in: item)
            var expectation: CaseExample.Expectation?
            if let node = fields["expect"]?.value, let expect = reader.mapping(node, "'expect'", known: ["passes", "findings"]) {
                if let passes = expect["passes"]?.value {
                    if reader.boolean(passes, "passes") == false {
                        reader.error(passes, "'passes' can only be true; list 'findings' for a failing reply")
                    }
                    expectation = .passes
                } else if let findings = expect["findings"]?.value {
                    let rules = ruleIDs(findings, "findings", reader: &reader)
                    if rules.isEmpty { reader.error(findings, "'findings' is empty; name at least one rule or use 'passes: true'") }
                    expectation = .findings(rules)
                } else {
                    reader.error(node, "'expect' needs 'passes: true' or 'findings: [rule, ...]'")
                }
            } else if fields["expect"] == nil {
                reader.missing(item, "expect", "")
            }
            if let reply, let expectation {
                examples.append(CaseExample(reply: reply, expect: expectation, line: item.mark?.line ?? 1))
            }
        }
        if keys["examples"] != nil, !examples.contains(where: { if case .findings = $0.expect { return true }; return false }) {
            reader.warning(keys["examples"]?.key, "no example fails; add a reply that makes the mistakes this case trains")
        }

        guard let id, let title, let source, let difficulty, let channel, let persona, let fault, let escalate,
              let opening, let debrief, let modelReply else { return nil }
        var loaded = Case(id: id, language: language, title: title, source: source, difficulty: difficulty, trains: trains,
                          channel: channel, persona: persona, fault: fault, opening: opening, given: given, records: records,
                          questions: questions, ambiguity: ambiguity, escalate: escalate, resolve: resolve,
                          reactions: reactions, endings: endings, debrief: debrief, modelReply: modelReply,
                          examples: examples, path: path)
        loaded.collectVocabulary()
        return loaded
    }

    private func ruleIDs(_ node: Node?, _ key: String, reader: inout NodeReader) -> [String] {
        reader.strings(node, key).compactMap { rule, item in
            guard RuleCatalog.ids.contains(rule) else {
                reader.error(item, "unknown rule '\(rule)' in \(key)\(Suggestion.didYouMean(rule, among: RuleCatalog.ids))")
                return nil
            }
            return rule
        }
    }

    private func compile(_ node: Node?, _ key: String, compiler: PatternCompiler, reader: inout NodeReader) -> [PhrasePattern] {
        reader.strings(node, key).compactMap { source, item in
            if source.allSatisfy(\.isWhitespace) {
                reader.error(item, "an empty pattern in '\(key)' matches nothing; write the words it should match, or remove it")
                return nil
            }
            if let word = compiler.repeatedChoiceWord(in: source) {
                reader.warning(item, "pattern '\(source)' in '\(key)' has '\(word)' in two choices side by side, so it reads "
                    + "as one word from each choice in turn; write each phrase as its own pattern")
            }
            do throws(PhrasePattern.SyntaxError) { return try compiler.pattern(source) } catch {
                reader.error(item, "bad pattern '\(source)' in '\(key)': \(error.message)")
                return nil
            }
        }
    }

    /// Names of shared meanings, each one the lexicon folder defines.
    private func meaningNames(_ node: Node?, compiler: PatternCompiler, reader: inout NodeReader) -> [String] {
        reader.strings(node, "meanings").compactMap { name, item in
            guard compiler.meanings.contains(name) else {
                let known = compiler.meanings.sorted()
                let near = Suggestion.closest(name, among: known).map { "did you mean '\($0)'? " } ?? ""
                reader.error(item, "unknown meaning '\(name)'; \(near)the meanings are: \(known.joined(separator: ", "))")
                return nil
            }
            return name
        }
    }

    private func facts(_ node: Node?, _ key: String, compiler: PatternCompiler, reader: inout NodeReader) -> [Fact] {
        reader.list(node, key).compactMap { item in
            guard let fields = reader.mapping(item, "an entry of '\(key)'", known: ["kind", "label", "value", "asked_by"]) else { return nil }
            let kind = reader.choice(fields["kind"]?.value, "kind", in: item, as: DataKind.self)
            let label = reader.string(fields["label"]?.value, "label", in: item)
            let value = reader.string(fields["value"]?.value, "value", in: item, required: false)
            let askedBy = compile(fields["asked_by"]?.value, "asked_by", compiler: compiler, reader: &reader)
            if kind == .other, askedBy.isEmpty, key == "given" {
                reader.warning(item, "a given fact of kind 'other' without 'asked_by' can never be asked for; add patterns or a kind")
            }
            guard let kind, let label else { return nil }
            return Fact(kind: kind, label: label, value: value, askedBy: askedBy)
        }
    }

    /// Why a reaction can never be shown in this case, or nil when some reply can trigger it.
    private func unreachableReaction(_ rule: String, keys: [String: (key: Node, value: Node)], fault: Fault?,
                                     escalate: EscalationNeed?, given: [Fact], records: [Fact]) -> String? {
        switch rule {
        case "assumed-meaning" where keys["ambiguity"] == nil:
            return "reaction 'assumed-meaning' can never be shown: the case has no 'ambiguity'"
        case "not-escalated" where escalate != .required:
            return "reaction 'not-escalated' can never be shown: 'escalate' is not 'required'"
        case "already-given" where given.isEmpty:
            return "reaction 'already-given' can never be shown: the case has nothing in 'given'"
        case "look-it-up" where records.allSatisfy({ $0.kind == .other }):
            return "reaction 'look-it-up' can never be shown: no record has a kind a reply can ask for"
        case "missing-apology" where fault != .company:
            return "reaction 'missing-apology' can never be shown: the fault is not 'company'"
        case "needless-apology" where fault == .company:
            return "reaction 'needless-apology' can never be shown: the fault is 'company', so an apology is due"
        case "unanswered-question" where keys["questions"] == nil:
            return "reaction 'unanswered-question' can never be shown: the case has no 'questions'"
        default:
            return nil
        }
    }
}
