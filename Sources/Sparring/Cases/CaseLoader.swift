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
        return Diagnostic(path: path, line: 1, column: 1, key: "case.error.too-large",
            arguments: ["megabytes": megabytes])
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
            return (nil, [Diagnostic(path: path, line: 1, column: 1, key: "case.error.not-yaml",
                arguments: ["detail": "\(error)"])])
        }
        guard let root else {
            return (nil, [Diagnostic(path: path, line: 1, column: 1, key: "case.error.empty-file")])
        }
        guard let keys = reader.mapping(root, "case.part.case", known: Self.topKeys) else {
            return (nil, reader.diagnostics)
        }
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
            return Diagnostic(path: path, line: mark.line, column: mark.column, key: "case.error.invalid-yaml",
                              arguments: ["detail": detail, "problem": problem])
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(path: path, line: context.mark.line, column: context.mark.column,
                key: "case.error.duplicate-key",
                              arguments: ["names": names])
        case .reader(let problem, _, _, _):
            return Diagnostic(path: path, line: 1, column: 1, key: "case.error.not-utf8",
                arguments: ["problem": problem])
        default:
            return Diagnostic(path: path, line: 1, column: 1, key: "case.error.invalid-yaml-other",
                arguments: ["detail": "\(error)"])
        }
    }

    // swiftlint:disable:next function_body_length
    private func build(_ keys: [String: (key: Node, value: Node)], root: Node, reader: inout NodeReader,
                       path: String, folderLanguage: Language?) -> Case? {
        if let format = keys["format"]?.value {
            if case .scalar(let scalar) = format, NodeReader.kind(of: scalar) == .number, scalar.string == "1" {
            } else {
                reader.wrong(format, "case.error.format", [:], found: format)
            }
        } else {
            reader.missing(root, "format", "case.advice.format")
        }
        let id = reader.string(keys["id"]?.value, "id", in: root)
        if let id, let node = keys["id"]?.value {
            if !Self.isKebabCase(id) {
                reader.error(node, "case.error.id-kebab", ["id": id])
            }
            let fileName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            if path.hasSuffix(".yaml") || path.hasSuffix(".yml"), fileName != id {
                reader.error(node, "case.error.id-file", ["id": id, "file": fileName])
            }
        }
        var language = folderLanguage ?? .en
        if let node = keys["lang"]?.value, let code = reader.string(node, "lang") {
            if let parsed = Language(rawValue: code) {
                language = parsed
                if let folderLanguage, folderLanguage != parsed {
                    reader.error(node, "case.error.lang-folder", ["lang": code, "folder": folderLanguage.rawValue])
                }
            } else {
                reader.error(node, "case.error.lang",
                    ["names": Language.allCases.map(\.rawValue).joined(separator: ", "), "lang": code])
            }
        } else if keys["lang"] == nil {
            reader.missing(root, "lang")
        }
        let compiler = analyzer.compiler(language)
        let title = reader.string(keys["title"]?.value, "title", in: root)
        let source = reader.string(keys["source"]?.value, "source", in: root)
        let difficulty = reader.integer(keys["difficulty"]?.value, "difficulty", in: root, range: 1...3)
        let trains = ruleIDs(keys["trains"]?.value, "trains", reader: &reader)
        if keys["trains"] == nil { reader.missing(root, "trains", "case.advice.trains") }
        let channel = reader.choice(keys["channel"]?.value, "channel", in: root, as: Channel.self)
        let fault = reader.choice(keys["fault"]?.value, "fault", in: root, as: Fault.self)
        let escalate = keys["escalate"] == nil ? EscalationNeed.no
            : reader.choice(keys["escalate"]?.value, "escalate", in: root, as: EscalationNeed.self)

        var persona: Persona?
        if let node = keys["persona"]?.value {
            if let fields = reader.mapping(node, "case.part.persona", known: ["name", "mood", "patience"]) {
                let name = reader.string(fields["name"]?.value, "name", in: node)
                let mood = reader.choice(fields["mood"]?.value, "mood", in: node, as: Mood.self)
                let patience = reader.integer(fields["patience"]?.value, "patience", in: node, range: 1...9)
                if let name, let mood, let patience { persona = Persona(name: name, mood: mood, patience: patience) }
            }
        } else {
            reader.missing(root, "persona")
        }

        let opening = reader.string(keys["opening"]?.value, "opening", in: root)
        let given = facts(keys["given"]?.value, "given", compiler: compiler, reader: &reader)
        let records = facts(keys["records"]?.value, "records", compiler: compiler, reader: &reader)

        var questions: [Question] = []
        for item in reader.list(keys["questions"]?.value, "questions") {
            guard let fields = reader.mapping(item, "case.part.question",
                                              known: ["id", "text", "answered_by", "meanings", "answer", "topic"]) else { continue }
            let questionID = reader.string(fields["id"]?.value, "id", in: item)
            let text = reader.string(fields["text"]?.value, "text", in: item)
            let answers = compile(fields["answered_by"]?.value, "answered_by", compiler: compiler, reader: &reader)
            let meanings = meaningNames(fields["meanings"]?.value, compiler: compiler, reader: &reader)
            let topic = compile(fields["topic"]?.value, "topic", compiler: compiler, reader: &reader)
            let answer = fields["answer"].flatMap { reader.choice($0.value, "answer", in: item, as: AnswerType.self) }
            if answer != nil, topic.isEmpty {
                reader.error(fields["answer"]?.value, "case.error.answer-topic")
            }
            if reader.list(fields["answered_by"]?.value, "answered_by").isEmpty, meanings.isEmpty, answer == nil {
                reader.warning(item, "case.warning.unanswerable", ["id": questionID ?? "?"])
            }
            if let questionID, questions.contains(where: { $0.id == questionID }) {
                reader.error(fields["id"]?.value, "case.error.question-twice", ["id": questionID])
            }
            if let questionID, let text {
                questions.append(Question(id: questionID, text: text, answeredBy: answers, meanings: meanings,
                                          answer: answer, topic: topic))
            }
        }

        var ambiguity: Ambiguity?
        if let node = keys["ambiguity"]?.value,
           let fields = reader.mapping(node, "case.part.ambiguity", known: ["wrong_readings", "reveal"]) {
            let wrong = compile(fields["wrong_readings"]?.value, "wrong_readings", compiler: compiler, reader: &reader)
            if let reveal = reader.string(fields["reveal"]?.value, "reveal", in: node) {
                ambiguity = Ambiguity(wrongReadings: wrong, reveal: reveal)
            }
        }

        var resolve: [ResolvePoint] = []
        for item in reader.list(keys["resolve"]?.value, "resolve") {
            let pointKeys = ["id", "text", "patterns", "meanings"]
            guard let fields = reader.mapping(item, "case.part.resolve", known: pointKeys) else { continue }
            let pointID = reader.string(fields["id"]?.value, "id", in: item)
            let text = reader.string(fields["text"]?.value, "text", in: item)
            let found = compile(fields["patterns"]?.value, "patterns", compiler: compiler, reader: &reader)
            let meanings = meaningNames(fields["meanings"]?.value, compiler: compiler, reader: &reader)
            if found.isEmpty, meanings.isEmpty {
                reader.error(item, "case.error.resolve-empty", ["id": pointID ?? "?"])
            }
            if let pointID, resolve.contains(where: { $0.id == pointID }) {
                reader.error(fields["id"]?.value, "case.error.resolve-twice", ["id": pointID])
            }
            if let pointID, let text {
                resolve.append(ResolvePoint(id: pointID, text: text, patterns: found, meanings: meanings))
            }
        }
        if keys["resolve"] == nil { reader.missing(root, "resolve", "case.advice.resolve") }

        var reactions: [String: String] = [:]
        if let node = keys["reactions"]?.value, case .mapping(let mapping) = node {
            for (key, value) in mapping {
                guard let rule = reader.string(key, "reactions") else { continue }
                guard RuleCatalog.ids.contains(rule) else {
                    let (values, terms) = Suggestion.near(rule, among: RuleCatalog.ids)
                    reader.error(key, "case.error.unknown-reaction", values.merging(["rule": rule]) { a, _ in a },
                        terms: terms)
                    continue
                }
                if reactions[rule] != nil { reader.error(key, "case.error.reaction-twice", ["rule": rule]) }
                if let line = reader.string(value, rule) { reactions[rule] = line }
                if let warning = unreachableReaction(rule, keys: keys, fault: fault, escalate: escalate, given: given, records: records) {
                    reader.warning(key, warning, ["rule": rule])
                }
            }
        } else if let node = keys["reactions"]?.value {
            reader.wrong(node, "case.error.reactions", [:], found: node)
        }

        var endings: [String: String] = [:]
        if let node = keys["endings"]?.value, let fields = reader.mapping(node, "case.part.endings",
            known: Self.endingKeys) {
            for key in Self.endingKeys {
                if let text = reader.string(fields[key]?.value, key, in: node) { endings[key] = text }
            }
        } else if keys["endings"] == nil {
            reader.missing(root, "endings", "case.advice.endings")
        }
        let debrief = reader.string(keys["debrief"]?.value, "debrief", in: root)
        let modelReply = reader.string(keys["model_reply"]?.value, "model_reply", in: root)

        var examples: [CaseExample] = []
        for item in reader.list(keys["examples"]?.value, "examples") {
            guard let fields = reader.mapping(item, "case.part.example", known: ["reply", "expect"]) else { continue }
            let reply = reader.string(fields["reply"]?.value, "reply", in: item)
            var expectation: CaseExample.Expectation?
            if let node = fields["expect"]?.value, let expect = reader.mapping(node, "case.part.expect",
                known: ["passes", "findings"]) {
                if let passes = expect["passes"]?.value {
                    if reader.boolean(passes, "passes") == false {
                        reader.error(passes, "case.error.passes")
                    }
                    expectation = .passes
                } else if let findings = expect["findings"]?.value {
                    let rules = ruleIDs(findings, "findings", reader: &reader)
                    if rules.isEmpty { reader.error(findings, "case.error.findings-empty") }
                    expectation = .findings(rules)
                } else {
                    reader.error(node, "case.error.expect")
                }
            } else if fields["expect"] == nil {
                reader.missing(item, "expect")
            }
            if let reply, let expectation {
                examples.append(CaseExample(reply: reply, expect: expectation, line: item.mark?.line ?? 1))
            }
        }
        if keys["examples"] != nil, !examples.contains(where: { if case .findings = $0.expect { return true }; return false }) {
            reader.warning(keys["examples"]?.key, "case.warning.no-failing-example")
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
                let (values, terms) = Suggestion.near(rule, among: RuleCatalog.ids)
                let named = values.merging(["rule": rule, "key": key]) { first, _ in first }
                reader.error(item, "case.error.unknown-rule", named, terms: terms)
                return nil
            }
            return rule
        }
    }

    private func compile(_ node: Node?, _ key: String, compiler: PatternCompiler, reader: inout NodeReader) -> [PhrasePattern] {
        reader.strings(node, key).compactMap { source, item in
            if source.allSatisfy(\.isWhitespace) {
                reader.error(item, "case.error.empty-pattern", ["key": key])
                return nil
            }
            if let word = compiler.repeatedChoiceWord(in: source) {
                reader.warning(item, "case.warning.choices-side-by-side", ["pattern": source, "key": key, "word": word])
            }
            do throws(PhrasePattern.SyntaxError) { return try compiler.pattern(source) } catch {
                reader.error(item, "case.error.bad-pattern", ["pattern": source, "key": key, "detail": error.message])
                return nil
            }
        }
    }

    /// Names of shared meanings, each one the lexicon folder defines.
    private func meaningNames(_ node: Node?, compiler: PatternCompiler, reader: inout NodeReader) -> [String] {
        reader.strings(node, "meanings").compactMap { name, item in
            guard compiler.meanings.contains(name) else {
                let known = compiler.meanings.sorted()
                let near = Suggestion.closest(name, among: known)
                reader.error(item, near == nil ? "case.error.unknown-meaning" : "case.error.unknown-meaning-near",
                             ["name": name, "suggestion": near ?? "", "names": known.joined(separator: ", ")])
                return nil
            }
            return name
        }
    }

    private func facts(_ node: Node?, _ key: String, compiler: PatternCompiler, reader: inout NodeReader) -> [Fact] {
        reader.list(node, key).compactMap { item in
            let entryKeys = ["kind", "label", "value", "asked_by"]
            guard let fields = reader.mapping(item, "case.part.entry", ["list": key], known: entryKeys) else {
                return nil
            }
            let kind = reader.choice(fields["kind"]?.value, "kind", in: item, as: DataKind.self)
            let label = reader.string(fields["label"]?.value, "label", in: item)
            let value = reader.string(fields["value"]?.value, "value", in: item, required: false)
            let askedBy = compile(fields["asked_by"]?.value, "asked_by", compiler: compiler, reader: &reader)
            if kind == .other, askedBy.isEmpty, key == "given" {
                reader.warning(item, "case.warning.other-unaskable")
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
            return "case.warning.unreachable-assumed-meaning"
        case "not-escalated" where escalate != .required:
            return "case.warning.unreachable-not-escalated"
        case "already-given" where given.isEmpty:
            return "case.warning.unreachable-already-given"
        case "look-it-up" where records.allSatisfy({ $0.kind == .other }):
            return "case.warning.unreachable-look-it-up"
        case "missing-apology" where fault != .company:
            return "case.warning.unreachable-missing-apology"
        case "needless-apology" where fault == .company:
            return "case.warning.unreachable-needless-apology"
        case "unanswered-question" where keys["questions"] == nil:
            return "case.warning.unreachable-unanswered-question"
        default:
            return nil
        }
    }
}
