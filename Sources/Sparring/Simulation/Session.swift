import Foundation

/// How a case ended.
public enum Outcome: String, Codable, Sendable {
    case resolved
    case walkedAway = "walked-away"
    case quit
}

/// One thing the trainee did: a reply or a slash command, with what it cost.
public struct TurnRecord: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case reply, lookup, escalate, hint }
    public let number: Int
    public let kind: Kind
    public let input: String
    public let findings: [Finding]
    public let penalty: Int

    public init(number: Int, kind: Kind, input: String, findings: [Finding], penalty: Int) {
        self.number = number
        self.kind = kind
        self.input = input
        self.findings = findings
        self.penalty = penalty
    }
}

/// What the session tells the terminal loop to show.
public enum SessionEvent: Sendable, Equatable {
    case customer(name: String, text: String)
    case findings(turn: Int, findings: [Finding], penalty: Int)
    case records([RecordLine])
    /// What the conversation still owed the customer when it ended: each owed thing once.
    case owed(findings: [Finding], penalty: Int)
    case hint(String)
    case checklist([ChecklistItem])
    case history([TurnRecord])
    case notice(String)
    case restarted
    case ended(Outcome)
}

public struct RecordLine: Sendable, Equatable, Codable {
    public let kind: String
    public let label: String
    public let value: String
}

public struct ChecklistItem: Sendable, Equatable {
    public let rule: String
    public let title: String
    public let question: String
}

/// The end-of-case summary: outcome, score, every turn, the questions to ask yourself, the model reply.
public struct Debrief: Sendable {
    public let caseFile: Case
    public let outcome: Outcome
    public let score: Int
    public let passed: Bool
    public let turns: [TurnRecord]
    /// What the conversation still owed when it ended, and when each owed thing was delivered.
    public let owed: [Finding]
    public let delivered: [String: Int]
    public let mistakes: [ChecklistItem]
}

/// One trainee facing one customer: deterministic for a case and a seed. The terminal loop hands it
/// lines and shows the events it returns; nothing here touches the terminal or the disk.
public final class Session: @unchecked Sendable {
    public let caseFile: Case
    public let seed: UInt64
    public let hintsAllowed: Bool
    let grader: Grader
    private var random: SeededRandom
    public private(set) var conversation = Conversation()
    public private(set) var patience: Int
    public private(set) var turns: [TurnRecord] = []
    public private(set) var outcome: Outcome?
    /// The signals of the last reply, for a trainer's playtest (`cases play --explain`).
    public private(set) var lastReport: SignalReport?
    /// The last reply as graded, with what it answered and conveyed and how.
    public private(set) var lastGraded: GradedReply?
    private var hintedThisTurn = false
    /// What the conversation still owed when it ended; empty until then.
    public private(set) var owed: [Finding] = []

    public init(caseFile: Case, grader: Grader, seed: UInt64, hintsAllowed: Bool = true) {
        self.caseFile = caseFile
        self.grader = grader
        self.seed = seed
        self.hintsAllowed = hintsAllowed
        random = SeededRandom(seed: seed)
        patience = caseFile.persona.patience
    }

    var language: Language { caseFile.language }
    /// The language the session speaks to the trainee in (notices, hints, the checklist); the customer speaks the
    /// case's. A Russian trainee who plays an English case reads Sparring in Russian.
    public var traineeLanguage: Language?
    /// The customer's words: the case's language.
    func text(_ key: String, _ values: [String: String] = [:]) -> String { grader.catalog.text(key, language, values) }
    /// Sparring's words to the trainee.
    func ui(_ key: String, _ values: [String: String] = [:]) -> String {
        grader.catalog.text(key, traineeLanguage ?? language, values)
    }
    private func say(_ line: String) -> SessionEvent {
        .customer(name: caseFile.persona.name, text: line.trimmed)
    }

    public var isOver: Bool { outcome != nil }

    /// What a session needs, beside its case, seed and turns, to go on from where it is: kept with each
    /// turn, so that a resumed attempt continues without grading its replies again.
    public struct Snapshot: Codable, Sendable, Equatable {
        public var conversation: Conversation
        public var patience: Int
        /// The state of the seeded generator that picks the customer's lines.
        public var random: UInt64
        public var hinted: Bool

        public init(conversation: Conversation, patience: Int, random: UInt64, hinted: Bool) {
            self.conversation = conversation
            self.patience = patience
            self.random = random
            self.hinted = hinted
        }
    }

    public var snapshot: Snapshot {
        Snapshot(conversation: conversation, patience: patience, random: random.state, hinted: hintedThisTurn)
    }

    /// A session resumed where `snapshot` left it, after `turns` (their findings as stored): nothing is graded again.
    public convenience init(caseFile: Case, grader: Grader, seed: UInt64, hintsAllowed: Bool,
                            resuming turns: [TurnRecord],
                            at snapshot: Snapshot) {
        self.init(caseFile: caseFile, grader: grader, seed: seed, hintsAllowed: hintsAllowed)
        self.turns = turns
        conversation = snapshot.conversation
        patience = snapshot.patience
        random = SeededRandom(state: snapshot.random)
        hintedThisTurn = snapshot.hinted
    }

    /// What the conversation would still owe the customer if it ended now.
    public var stillOwed: [Finding] {
        var now = conversation
        now.awaitingCustomer = false
        return grader.settle(now, caseFile: caseFile, language: language)
    }

    /// The score so far: 100 less every finding and hint, never below 0.
    public var score: Int { max(0, 100 - turns.reduce(0) { $0 + $1.penalty } - owed.penalty) }

    /// Passed: resolved without a deadly mistake.
    public var passed: Bool {
        outcome == .resolved && !turns.contains { $0.findings.hasDeadly } && !owed.hasDeadly
    }

    /// The customer's opening message.
    public func start() -> [SessionEvent] { [say(caseFile.opening)] }

    /// The names the REPL completes after `/`.
    public static let commands = ["/lookup", "/escalate", "/hint", "/checklist", "/history", "/restart", "/quit"]

    /// Handles one line from the trainee: a reply to the customer or a slash command.
    public func handle(_ line: String) -> [SessionEvent] {
        let input = line.trimmed
        guard !input.isEmpty else { return [] }
        guard outcome == nil else { return [.notice(ui("session.over"))] }
        if input.hasPrefix("/") { return command(input) }
        return reply(input)
    }

    private func command(_ input: String) -> [SessionEvent] {
        let parts = input.split(separator: " ", maxSplits: 1).map(String.init)
        let name = parts[0].lowercased()
        let argument = parts.count > 1 ? parts[1].trimmed : ""
        switch name {
        case "/lookup": return lookup(argument, input: input)
        case "/escalate": return escalate(argument, input: input)
        case "/hint": return hint(input)
        case "/checklist":
            return [.checklist(RuleCatalog.ids.prefix(5).map(checklistItem))]
        case "/history": return [.history(turns)]
        case "/restart":
            restart()
            return [.restarted] + start()
        case "/quit":
            outcome = .quit
            // the attempt waits to be resumed: what it still owes is kept for the score, not shown as the end
            _ = settle()
            return [.ended(.quit)]
        default:
            let near = Self.commands.min { Suggestion.editDistance(name, $0) < Suggestion.editDistance(name, $1) } ?? "/hint"
            return [.notice(ui("session.unknown-command", ["command": name, "suggestion": near]))]
        }
    }

    func checklistItem(_ rule: String) -> ChecklistItem {
        ChecklistItem(rule: rule, title: ui("rule.\(rule).title"), question: ui("rule.\(rule).question"))
    }

    private func lookup(_ what: String, input: String) -> [SessionEvent] {
        conversation.lookedUp = true
        turns.append(TurnRecord(number: conversation.turn, kind: .lookup, input: input, findings: [], penalty: 0))
        let wanted = Tokenizer.fold(what)
        let records = caseFile.records.filter { record in
            wanted.isEmpty || record.kind.rawValue.contains(wanted) || Tokenizer.fold(record.label).contains(wanted)
                || Tokenizer.fold(record.value ?? "").contains(wanted)
        }
        if records.isEmpty {
            return [.notice(caseFile.records.isEmpty ? ui("lookup.empty") : ui("lookup.nothing", ["what": what]))]
        }
        return [.records(records.map { RecordLine(kind: $0.kind.rawValue, label: $0.label, value: $0.value ?? "") })]
    }

    private func escalate(_ note: String, input: String) -> [SessionEvent] {
        guard !note.isEmpty else { return [.notice(ui("escalate.needs-note"))] }
        conversation.escalated = true
        conversation.dugIn = nil
        if caseFile.escalate == .required { conversation.deliver("escalation", at: conversation.turn) }
        turns.append(TurnRecord(number: conversation.turn, kind: .escalate, input: input, findings: [], penalty: 0))
        // an internal note: the customer sees nothing of it until a reply tells them. Handing on what the
        // agent could settle is advice, not a deadly mistake: passing a fix to the team that owns it is often right.
        var events: [SessionEvent] = [.notice(ui("escalate.done", ["note": note]))]
        if caseFile.escalate == .no { events.append(.notice(ui("escalate.needless"))) }
        if isResolved() { return events + resolve() }
        return events
    }

    private func hint(_ input: String) -> [SessionEvent] {
        guard hintsAllowed else { return [.notice(ui("hint.off"))] }
        guard !hintedThisTurn else { return [.notice(ui("hint.used"))] }
        hintedThisTurn = true
        turns.append(TurnRecord(number: conversation.turn, kind: .hint, input: input, findings: [], penalty: 5))
        return [.hint(nextStep())]
    }

    /// The most important thing still missing, as advice.
    func nextStep() -> String {
        if caseFile.ambiguity != nil && !conversation.revealed { return ui("hint.clarify") }
        if caseFile.records.contains(where: { $0.kind != .other }) && !conversation.lookedUp {
            return ui("hint.lookup")
        }
        if conversation.turn == 1 { return ui("hint.greet") }
        if let question = caseFile.questions.first(where: { !conversation.answered.contains($0.id) }) {
            return ui("hint.question", ["question": question.text])
        }
        if caseFile.fault == .company && !conversation.apologised { return ui("hint.apologise") }
        if caseFile.escalate == .required && !conversation.handedUp { return ui("hint.escalate") }
        if caseFile.persona.mood.wantsEmpathy && !conversation.empathised && !conversation.apologised {
            return ui("hint.empathy")
        }
        if let point = caseFile.resolve.first(where: { !conversation.conveyed.contains($0.id) }) {
            return ui("hint.resolve", ["point": point.text])
        }
        return ui("hint.nothing")
    }

    private func reply(_ input: String) -> [SessionEvent] {
        let graded = grader.grade(input, language: language, caseFile: caseFile, conversation: conversation)
        lastReport = graded.report
        lastGraded = graded
        let before = conversation
        conversation = grader.advance(conversation, with: graded, caseFile: caseFile)
        hintedThisTurn = false
        // the reply is judged for what it does; what the conversation owes is counted once, at the end
        let findings = graded.replyFindings
        turns.append(TurnRecord(number: before.turn, kind: .reply, input: input, findings: findings, penalty: findings.penalty))
        var events: [SessionEvent] = [.findings(turn: before.turn, findings: findings, penalty: findings.penalty)]
        events += graded.notes.map(SessionEvent.notice)
        let progressed = conversation.answered.count > before.answered.count
            || conversation.conveyed.count > before.conveyed.count
            || conversation.revealed != before.revealed || conversation.escalated != before.escalated
        let missing = conversation.awaitingCustomer ? nil
            : caseFile.questions.first { !conversation.answered.contains($0.id) }
        let worst = findings.worst
        // the customer loses patience at a mistake, or when their question is passed over and nothing moves
        if (worst?.severity ?? .minor) >= .major || (missing != nil && !progressed) { patience -= 1 }
        if patience <= 0 {
            if let worst { events.append(say(reaction(to: worst.rule))) }
            return events + walkAway()
        }
        if !findings.hasDeadly && isResolved() { return events + resolve() }
        if let worst, worst.severity >= .major {
            events.append(say(reaction(to: worst.rule)))
        } else if let ambiguity = caseFile.ambiguity, !before.revealed, conversation.revealed, graded.report.signals.clarifying {
            events.append(say(ambiguity.reveal))
        } else if let worst, missing == nil {
            events.append(say(reaction(to: worst.rule)))
        } else {
            // a question passed over matters more to the customer than a typo
            events.append(say(followUp(progressed: progressed, missing: missing)))
        }
        return events
    }

    /// The customer's next line after a clean reply: what is still missing, with thanks when the reply moved things.
    private func followUp(progressed: Bool, missing: Question?) -> String {
        if let missing {
            // the case's own line speaks of every question; once one is answered, ask for the one left
            let noneAnswered = conversation.answered.isEmpty
            if !progressed, noneAnswered, let line = caseFile.reactions[UnansweredQuestionRule.id] { return line }
            return pick(progressed ? "customer.progress" : "customer.reask", ["question": missing.text])
        }
        if caseFile.escalate == .required && !conversation.handedUp {
            // the case's line speaks of what nobody handed up; to a no said alone the customer asks for who decides
            return conversation.dugIn == nil
                ? reaction(to: NotEscalatedRule.id) : pick("customer.reaction.not-escalated")
        }
        if caseFile.fault == .company && !conversation.apologised { return reaction(to: MissingApologyRule.id) }
        if caseFile.persona.mood.wantsEmpathy && !conversation.empathised && !conversation.apologised {
            return reaction(to: MissingEmpathyRule.id)
        }
        if conversation.refusal != nil && !conversation.alternativeOffered { return reaction(to: NoAlternativeRule.id) }
        // an angry or sarcastic customer does not thank for half a solution; the others do
        if progressed, ![.angry, .sarcastic].contains(caseFile.persona.mood) { return pick("customer.progress.general") }
        return pick("customer.waiting.\(caseFile.persona.mood.rawValue)")
    }

    func reaction(to rule: String) -> String {
        caseFile.reactions[rule] ?? pick("customer.reaction.\(rule)")
    }

    /// One of the numbered variants of a catalogue line (`key.1`, `key.2`, ...), chosen by the seed.
    private func pick(_ key: String, _ values: [String: String] = [:]) -> String {
        var variants: [String] = []
        var index = 1
        while grader.catalog.has("\(key).\(index)", language) {
            variants.append("\(key).\(index)")
            index += 1
        }
        guard !variants.isEmpty else { return text(key, values) }
        return text(variants[Int(random.next() % UInt64(variants.count))], values)
    }

    func isResolved() -> Bool {
        caseFile.resolve.allSatisfy { conversation.conveyed.contains($0.id) }
            && caseFile.questions.allSatisfy { conversation.answered.contains($0.id) }
            && (caseFile.escalate != .required || conversation.handedUp)
            && (caseFile.ambiguity == nil || conversation.revealed)
    }

    private func resolve() -> [SessionEvent] {
        outcome = .resolved
        return [say(caseFile.endings["resolved"] ?? text("customer.resolved"))] + settle() + [.ended(.resolved)]
    }

    private func walkAway() -> [SessionEvent] {
        outcome = .walkedAway
        return [say(caseFile.endings["walked-away"] ?? text("customer.walked-away"))] + settle() + [.ended(.walkedAway)]
    }

    /// Judges what the whole conversation owed the customer, once, now that it has ended.
    private func settle() -> [SessionEvent] {
        var final = conversation
        final.awaitingCustomer = false
        owed = grader.settle(final, caseFile: caseFile, language: language)
        return owed.isEmpty ? [] : [.owed(findings: owed, penalty: owed.penalty)]
    }

    private func restart() {
        conversation = Conversation()
        patience = caseFile.persona.patience
        turns = []
        owed = []
        outcome = nil
        hintedThisTurn = false
        random = SeededRandom(seed: seed)
    }

    public func debrief() -> Debrief {
        let rules = Set(turns.flatMap { $0.findings.map(\.rule) } + owed.map(\.rule))
        let mistakes = RuleCatalog.ids.filter(rules.contains).map(checklistItem)
        return Debrief(caseFile: caseFile, outcome: outcome ?? .quit, score: score, passed: passed, turns: turns,
                       owed: owed, delivered: conversation.delivered, mistakes: mistakes)
    }
}

/// SplitMix64: the same seed gives the same customer lines on every machine.
struct SeededRandom: Sendable {
    private(set) var state: UInt64
    init(seed: UInt64) { state = seed }
    init(state: UInt64) { self.state = state }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
