/// How much a finding costs. Any deadly mistake fails the case.
public enum Severity: String, Codable, Sendable, Comparable, CaseIterable {
    case minor, major, deadly

    public var penalty: Int {
        switch self {
        case .minor: return 5
        case .major: return 15
        case .deadly: return 30
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.penalty < rhs.penalty }
}

/// One mistake in one reply: the rule, the words that show it, and what to do instead.
public struct Finding: Codable, Sendable, Equatable {
    public let rule: String
    public let severity: Severity
    /// Quotes from the reply, and for asked-again data what the customer gave or the records hold.
    public let evidence: [String]
    public let message: String
    public let instead: String
    /// The values filled into the catalogue's message (`quote`, `fact`, ...): with the rule id and the
    /// evidence, all another machine needs to render the finding in its own catalogue.
    public let arguments: [String: String]

    public init(rule: String, severity: Severity, evidence: [String], message: String, instead: String,
                arguments: [String: String] = [:]) {
        self.rule = rule
        self.severity = severity
        self.evidence = evidence
        self.message = message
        self.instead = instead
        self.arguments = arguments
    }

    enum CodingKeys: String, CodingKey { case rule, severity, evidence, message, instead, arguments }

    // findings saved before arguments were kept decode with none
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(rule: try container.decode(String.self, forKey: .rule),
                  severity: try container.decode(Severity.self, forKey: .severity),
                  evidence: try container.decode([String].self, forKey: .evidence),
                  message: try container.decode(String.self, forKey: .message),
                  instead: try container.decode(String.self, forKey: .instead),
                  arguments: try container.decodeIfPresent([String: String].self, forKey: .arguments) ?? [:])
    }
}

/// The state of a conversation before a reply: what earlier replies and commands already did.
public struct Conversation: Sendable, Codable, Equatable {
    /// The number of the reply being graded, from 1.
    public var turn = 1
    public var apologised = false
    public var empathised = false
    public var escalated = false
    /// A no to what the customer asked ("we don't reimburse the movers") said without handing it up, quoted:
    /// in a case that must go up it is digging in, whatever else a reply handed up. A later hand-off clears it.
    public var dugIn: String?
    /// The case went up, and no no of the agent's own stands against what was asked.
    public var handedUp: Bool { escalated && dugIn == nil }
    public var revealed = false
    public var lookedUp = false
    public var answered: Set<String> = []
    public var conveyed: Set<String> = []
    /// The first refusal ("that cannot be done") not yet followed by another way, quoted.
    public var refusal: String?
    public var alternativeOffered = false
    /// A reply sent the customer elsewhere (another team, another channel): a way, a wrong one, graded on its own.
    public var sentElsewhere = false
    /// A reply was written in another language than the customer's: its answers are that one mistake, not unanswered.
    public var wroteOtherLanguage = false
    /// The last reply asked what an ambiguous request means: most of what is owed waits for the answer.
    public var awaitingCustomer = false
    /// The last reply asked the customer anything (a clarification or data): handing up can wait for the answer.
    public var askedCustomer = false
    /// When each owed thing was delivered: `question.<id>`, `apology`, `empathy`, `escalation`, `alternative`.
    public var delivered: [String: Int] = [:]

    public init(turn: Int = 1) { self.turn = turn }

    mutating func deliver(_ key: String, at turn: Int) {
        if delivered[key] == nil { delivered[key] = turn }
    }
}

/// What an owed thing may wait for: nothing, the customer's answer to a clarifying question on an ambiguous
/// request, or their answer to any question the reply asked.
public enum OwedWait: Sendable { case never, clarification, anyQuestion }

/// Whether a rule judges each reply, or what the whole conversation owes the customer, once, at its end.
public enum RuleScope: String, Sendable { case reply, conversation }

/// What a rule sees: the reply's signals, the case (if any) and the conversation so far.
public struct RuleContext {
    public let report: SignalReport
    public let pack: LanguagePack
    public let caseFile: Case?
    public let conversation: Conversation
    public let language: Language
    let catalog: Catalog
    /// Case questions this reply answers.
    public let answers: Set<String>

    var ambiguityOpen: Bool { caseFile?.ambiguity != nil && !conversation.revealed }

    func quote(_ evidence: Evidence) -> String { "«\(evidence.quote)»" }

    /// A question that echoes the customer's own words as a heading before its answer ("Will the ticket be
    /// reopened? Yes: …"): three or more words and at most one of them not in the opening. It asks for nothing.
    func restatesCustomer(_ index: Int) -> Bool {
        guard let opening = caseFile?.openingWords, report.reply.sentences[index].isQuestion else { return false }
        let words = report.reply.sentences[index].words.filter { $0.kind == .word }
        return words.count >= 3 && words.filter { !opening.contains($0.folded) }.count <= 1
    }

    func restatesCustomer(_ evidence: Evidence) -> Bool {
        report.reply.sentences.indices.contains { index in
            report.reply.sentences[index].words.contains { $0.end > evidence.start && $0.start < evidence.end }
                && restatesCustomer(index)
        }
    }

    /// A data word in the agent's own statement, "What I've done: I've passed your screenshot to the developers":
    /// a clause led by the agent ("I've", "so we"), in a sentence that is no question, asks no favour and
    /// addresses no "you".
    func isAgentStatement(_ evidence: Evidence) -> Bool {
        guard let sentence = report.reply.sentences.first(where: { sentence in
            sentence.words.contains { $0.end > evidence.start && $0.start < evidence.end }
        }), !sentence.isQuestion else { return false }
        let words = sentence.words
        if let first = words.firstIndex(where: { $0.end > evidence.start }), agentLeads(words, at: first) { return true }
        if words.contains(where: { ["you", "please", "пожалуйста", "вы"].contains($0.folded)
            || pack.negation.polite.contains($0.folded) }) { return false }
        return Dictionary(grouping: words, by: \.clause).values.contains { clause in
            clause.prefix(2).contains { pack.requestSubjects.contains($0.folded) }
        }
    }

    /// «…и я отправлю файл коллегам»: the agent as subject just before a match, in its clause, does it.
    func agentDoes(_ match: PhraseMatch) -> Bool {
        agentLeads(report.reply.sentences[match.sentence].words, at: match.first)
    }

    /// Whether "I" or "we" stands in the two words before `index`, in its clause.
    private func agentLeads(_ words: [AnalyzedWord], at index: Int) -> Bool {
        words[max(words.startIndex, index - 2)..<index].contains {
            $0.clause == words[index].clause && pack.agentSubjects.contains($0.folded)
        }
    }

    func finding(_ rule: some Rule, evidence: [String], values: [String: String] = [:]) -> Finding {
        catalog.finding(rule, language: language, evidence: evidence, values: values)
    }
}

/// What a conversation rule sees when the conversation is settled: the case and everything the replies did.
public struct OwedContext {
    /// Nil when a reply is graded without a case: only what needs no case (another way offered) is judged.
    public let caseFile: Case?
    public let conversation: Conversation
    public let language: Language
    let catalog: Catalog

    func finding(_ rule: some Rule, evidence: [String], values: [String: String] = [:]) -> Finding {
        catalog.finding(rule, language: language, evidence: evidence, values: values)
    }
}

extension Catalog {
    func finding(_ rule: some Rule, language: Language, evidence: [String], values: [String: String]) -> Finding {
        let id = type(of: rule).id
        // one pass over the template, not a Foundation replacement per value
        let message = text("rule.\(id).message", language, values)
        return Finding(rule: id, severity: type(of: rule).severity, evidence: evidence, message: message,
                       instead: text("rule.\(id).instead", language), arguments: values)
    }
}

/// A reply a rule must (or must not) flag, with the case situation it is written for.
public struct RuleExample: Sendable {
    public let reply: String
    public let language: Language
    public let triggers: Bool
    public let setup: ExampleSetup

    public init(_ reply: String, _ language: Language, triggers: Bool, _ setup: ExampleSetup = ExampleSetup()) {
        self.reply = reply
        self.language = language
        self.triggers = triggers
        self.setup = setup
    }
}

/// A small case situation for rule examples: what was given, what the records hold, whose fault, ...
public struct ExampleSetup: Sendable {
    public var given: [DataKind] = []
    /// Things the customer told or did, by the patterns that would ask for them again.
    public var givenAsked: [String] = []
    public var records: [DataKind] = []
    public var fault: Fault = .none
    public var mood: Mood = .calm
    public var channel: Channel = .chat
    /// Question ids with their answering patterns.
    public var questions: [(String, [String])] = []
    /// Questions answered by meaning or by answer type: id, meanings, answer type and topic.
    public var typed: [(String, [String], AnswerType?, [String])] = []
    public var wrongReadings: [String]?
    public var escalate: EscalationNeed = .no
    public var conversation = Conversation(turn: 2)
    /// Without a case: only the case-independent rules apply.
    public var withCase = true
    /// The customer's first message, for rules that read it.
    public var opening = ""

    public init(given: [DataKind] = [], givenAsked: [String] = [], records: [DataKind] = [], fault: Fault = .none,
                mood: Mood = .calm, channel: Channel = .chat,
                questions: [(String, [String])] = [], typed: [(String, [String], AnswerType?, [String])] = [],
                wrongReadings: [String]? = nil, escalate: EscalationNeed = .no,
                conversation: Conversation = Conversation(turn: 2), withCase: Bool = true, opening: String = "") {
        self.given = given
        self.givenAsked = givenAsked
        self.records = records
        self.fault = fault
        self.mood = mood
        self.channel = channel
        self.questions = questions
        self.typed = typed
        self.wrongReadings = wrongReadings
        self.escalate = escalate
        self.conversation = conversation
        self.withCase = withCase
        self.opening = opening
    }

    /// The situation as a case, patterns compiled in `pack`'s language.
    public func makeCase(_ pack: LanguagePack) -> Case? {
        guard withCase else { return nil }
        func compile(_ sources: [String]) -> [PhrasePattern] { sources.compactMap { try? pack.pattern($0) } }
        var made = Case(
            id: "example", language: pack.language, title: "example", source: "example", difficulty: 1, trains: [],
            channel: channel, persona: Persona(name: "Customer", mood: mood, patience: 3), fault: fault, opening: opening,
            given: given.map { Fact(kind: $0, label: $0.rawValue, value: nil, askedBy: []) }
                + (givenAsked.isEmpty ? [] : [Fact(kind: .other, label: "told", value: nil, askedBy: compile(givenAsked))]),
            records: records.map { Fact(kind: $0, label: $0.rawValue, value: "on file", askedBy: []) },
            questions: questions.map { Question(id: $0.0, text: $0.0, answeredBy: compile($0.1)) }
                + typed.map { Question(id: $0.0, text: $0.0, answeredBy: [], meanings: $0.1, answer: $0.2, topic: compile($0.3)) },
            ambiguity: wrongReadings.map { Ambiguity(wrongReadings: compile($0), reveal: "") },
            escalate: escalate, resolve: [], reactions: [:], endings: [:], debrief: "", modelReply: "", examples: [],
            path: "example")
        made.collectVocabulary()
        return made
    }
}

/// A grading rule: a stable id, a severity, examples that prove it, and the check itself.
/// Its title, check-yourself question, explanation and messages live in the catalogue per language.
public protocol Rule: Sendable {
    static var id: String { get }
    static var severity: Severity { get }
    /// Whether the rule needs a case to judge (the five deadly mistakes mostly do).
    static var needsCase: Bool { get }
    static var examples: [RuleExample] { get }
    static var scope: RuleScope { get }
    func check(_ context: RuleContext) -> [Finding]
}

extension Rule {
    public static var scope: RuleScope { .reply }
}

/// A rule about what the conversation as a whole owes the customer (an answer to every question, an apology
/// when we erred, ...): delivered in any turn counts, and it is judged once, when the conversation is settled.
public protocol ConversationRule: Rule {
    /// What the owed thing can wait for, when a single reply is judged as the whole conversation.
    static var waits: OwedWait { get }
    func settle(_ context: OwedContext) -> [Finding]
}

extension ConversationRule {
    public static var scope: RuleScope { .conversation }
    public static var waits: OwedWait { .clarification }
    /// Nothing per reply: the customer still reacts to what is missing, but the score counts it once, at the end.
    public func check(_ context: RuleContext) -> [Finding] { [] }
}
