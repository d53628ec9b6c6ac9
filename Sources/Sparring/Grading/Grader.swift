/// A graded reply: its signals, findings, and what it moved in the conversation.
public struct GradedReply: Sendable {
    public let report: SignalReport
    /// What this reply does wrong by itself.
    public let replyFindings: [Finding]
    /// What the conversation would still owe the customer if it ended with this reply; what can wait is left
    /// out while the reply waits for the customer to say what an ambiguous request means.
    public let owed: [Finding]
    /// Case questions this reply answered and resolve points it conveyed, with how.
    public let answeredBy: [String: AnswerMatch]
    public let conveyedBy: [String: AnswerMatch]
    public var answered: Set<String> { Set(answeredBy.keys) }
    public var conveyed: Set<String> { Set(conveyedBy.keys) }
    /// The reply's "that cannot be done", quoted, and whether it offers another way.
    public let refusal: String?
    public let offersAlternative: Bool
    /// The reply asserts a wrong reading of an ambiguous request.
    public let assertsWrongReading: Bool
    /// The reply hands the issue on (the escalation signal, or a hand-off without a stated follow-up):
    /// what a case that must be escalated needs, whether or not the reply also promises to write back.
    public let handsOn: Bool
    /// In a case that must go up: the reply's own no to what was asked, with no hand-off or other way in
    /// its sentence or the next, quoted.
    public var dugIn: String?
    /// Where the company is at fault, "I'm sorry the bot kept you going round" apologises for what we did,
    /// though the apology signal reads it as empathy.
    public var apologisesForFault = false
    /// The reply sets the customer to fix it alone ("try clearing the cache"): an answer to its question is no
    /// reason to wait with a hand-off the case needs.
    public var setsCustomerToFix = false
    /// What was left out of grading, in the reply's language: the end of an over-long reply, typo checks
    /// of over-long words.
    public var notes: [String] = []

    /// The reply judged as a whole conversation: its own findings and what it leaves owed.
    public var findings: [Finding] { replyFindings + owed }
    public var penalty: Int { findings.penalty }
    public var hasDeadly: Bool { findings.hasDeadly }
    /// The worst finding: the one the customer reacts to.
    public var worst: Finding? { findings.worst }
}

extension Array where Element == Finding {
    public var penalty: Int { reduce(0) { $0 + $1.severity.penalty } }
    public var hasDeadly: Bool { contains { $0.severity == .deadly } }
    public var worst: Finding? {
        self.min { ($1.severity, RuleCatalog.order(of: $0.rule)) < ($0.severity, RuleCatalog.order(of: $1.rule)) }
    }
}

/// Grades replies against every rule, with or without a case.
public final class Grader: @unchecked Sendable {
    public let analyzer: Analyzer
    public let catalog: Catalog

    public init(analyzer: Analyzer, catalog: Catalog) {
        self.analyzer = analyzer
        self.catalog = catalog
    }

    /// Loads the bundled lexicons and catalogue, with Hunspell when installed; `eager` languages are built now,
    /// the lexicons of `languages` are read and checked now, any other language's when first needed.
    public static func load(eager: [Language] = Language.allCases, languages: [Language] = Language.allCases) throws -> Grader {
        Grader(analyzer: try Analyzer.load(eager: eager, languages: languages), catalog: try Catalog.load())
    }

    /// Replies are graded up to this many unicode scalars (a long support e-mail is a few thousand):
    /// a paste of a megabyte would otherwise cost seconds, all spent on text nobody would send.
    public static let maximumReplyLength = 20_000

    /// Grades one reply. Without a case only the case-independent rules run.
    public func grade(_ text: String, language: Language, caseFile: Case? = nil, conversation: Conversation = Conversation()) -> GradedReply {
        var notes: [String] = []
        var text = text
        let length = text.unicodeScalars.count
        if length > Self.maximumReplyLength {
            text = Self.prefix(text, scalars: Self.maximumReplyLength)
            notes.append(catalog.text("grade.note.truncated", language, [
                "length": Self.grouped(length, language), "limit": Self.grouped(Self.maximumReplyLength, language)]))
        }
        var graded = grade(reply: text, language: language, caseFile: caseFile, conversation: conversation)
        let longest = graded.report.reply.sentences.lazy.flatMap(\.words).filter { $0.kind == .word }
            .map { $0.end - $0.start }.filter { $0 > Speller.maximumWordLength }.max()
        if let longest, analyzer.pack(language).speller != nil {
            notes.append(catalog.text("grade.note.long-word", language, [
                "length": String(longest), "limit": String(Speller.maximumWordLength)]))
        }
        graded.notes = notes
        return graded
    }

    /// 20,000 in English, 20 000 in Russian.
    static func grouped(_ number: Int, _ language: Language) -> String {
        var digits = String(number)
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(digits, at: 0)
        return groups.joined(separator: language == .ru ? "\u{00A0}" : ",")
    }

    /// The first `count` scalars of `text`, cut after the last white space when there is one near the end.
    static func prefix(_ text: String, scalars count: Int) -> String {
        let scalars = text.unicodeScalars
        let end = scalars.index(scalars.startIndex, offsetBy: count)
        var cut = end
        var index = end
        for _ in 0..<200 {
            guard index > scalars.startIndex else { break }
            index = scalars.index(before: index)
            if scalars[index].properties.isWhitespace {
                cut = index
                break
            }
        }
        return String(scalars[..<cut])
    }

    private func grade(reply text: String, language: Language, caseFile: Case?,
                       conversation: Conversation) -> GradedReply {
        let pack = analyzer.pack(language)
        let report = pack.signals(for: text)
        var answered: [String: AnswerMatch] = [:]
        var conveyed: [String: AnswerMatch] = [:]
        if let caseFile {
            for question in caseFile.questions { answered[question.id] = pack.answers(question, in: report) }
            for point in caseFile.resolve { conveyed[point.id] = pack.conveys(point, in: report) }
        }
        let context = RuleContext(report: report, pack: pack, caseFile: caseFile, conversation: conversation,
                                  language: language, catalog: catalog, answers: Set(answered.keys))
        var findings: [Finding] = []
        for rule in RuleCatalog.all where type(of: rule).scope == .reply && (caseFile != nil || !type(of: rule).needsCase) {
            findings += rule.check(context)
        }
        // "I know how worrying it is when customers can't order" restates the problem, it refuses nothing
        let empathic = Set(pack.matches("empathy", in: report.reply).map(\.sentence))
        let refused = pack.matches("refusal", in: report.reply)
            .first { !empathic.contains($0.sentence) && !report.reply.sentences[$0.sentence].isQuestion }
        let refusal = refused.map { report.reply.quote($0.start, $0.end) }
        let handoffs = pack.matches("escalation-handoff", in: report.reply)
        let handsOn = report.signals.escalation || (!report.signals.deflection && !handoffs.isEmpty)
        // handing it up is another way too; sending the customer elsewhere is one as well, a wrong one that
        // not-my-job and channel-push grade on their own
        // what the agent did before saying no ("I've extended your hold. The green one is sold out") is no way round it
        let from = refused?.sentence ?? 0
        let otherWays = pack.matches("alternative", in: report.reply)
        let alternative = handsOn || !otherWays.isEmpty
            || pack.matches("self-action", in: report.reply).contains { $0.sentence >= from }
        let dugIn = caseFile?.escalate == .required
            ? digsIn(report, pack: pack, ways: Set((handoffs + otherWays).map(\.sentence))) : nil
        let wrong = !conversation.revealed
            && AssumedMeaningRule.assertedWrongReading(report, pack: pack, caseFile: caseFile) != nil
        var graded = GradedReply(report: report, replyFindings: findings, owed: [], answeredBy: answered,
                                 conveyedBy: conveyed, refusal: refusal, offersAlternative: alternative,
                                 assertsWrongReading: wrong, handsOn: handsOn)
        graded.apologisesForFault = caseFile?.fault == .company
            && !pack.matches("apology-in-fault", in: report.reply).isEmpty
        graded.dugIn = dugIn
        // read only where it matters: whether a case that must go up may wait for the customer
        graded.setsCustomerToFix = caseFile?.escalate == .required
            && !pack.matches("self-help", in: report.reply).isEmpty
        let after = advance(conversation, with: graded, caseFile: caseFile)
        var result = GradedReply(report: report, replyFindings: findings, owed: settle(after, caseFile: caseFile,
                                 language: language), answeredBy: answered, conveyedBy: conveyed, refusal: refusal,
                                 offersAlternative: alternative, assertsWrongReading: wrong, handsOn: handsOn)
        result.apologisesForFault = graded.apologisesForFault
        result.dugIn = dugIn
        result.setsCustomerToFix = graded.setsCustomerToFix
        return result
    }

    /// "We don't reimburse the movers" beside a bug sent to the developers says no alone: handing up something
    /// else does not take this no up. A no with the hand-off or another way in its sentence or the next ("I
    /// can't approve it myself, so I've asked my lead") is handing up.
    /// `ways`: the sentences that hand something up or offer another way.
    private func digsIn(_ report: SignalReport, pack: LanguagePack, ways: Set<Int>) -> String? {
        pack.matches("refusal-demand", in: report.reply)
            .first { refusal in
                !report.reply.sentences[refusal.sentence].isQuestion
                    && !ways.contains(refusal.sentence) && !ways.contains(refusal.sentence + 1)
            }
            .map { report.reply.quote($0.start, $0.end) }
    }

    /// What the conversation still owes the customer when it ends in `conversation`: each owed thing once.
    public func settle(_ conversation: Conversation, caseFile: Case?, language: Language) -> [Finding] {
        let context = OwedContext(caseFile: caseFile, conversation: conversation, language: language, catalog: catalog)
        return RuleCatalog.all.compactMap { $0 as? any ConversationRule }
            .filter { caseFile != nil || !type(of: $0).needsCase }
            .filter { rule in
                switch type(of: rule).waits {
                case .never: return true
                case .clarification: return !conversation.awaitingCustomer
                case .anyQuestion: return !conversation.awaitingCustomer && !conversation.askedCustomer
                }
            }
            .flatMap { $0.settle(context) }
    }

    /// The conversation after `graded` was sent in `conversation`.
    public func advance(_ conversation: Conversation, with graded: GradedReply, caseFile: Case?) -> Conversation {
        var next = conversation
        let turn = conversation.turn
        next.turn += 1
        let signals = graded.report.signals
        next.apologised = next.apologised || signals.apology || graded.apologisesForFault
        next.empathised = next.empathised || signals.empathy
        next.escalated = next.escalated || graded.handsOn
        if let no = graded.dugIn {
            if next.dugIn == nil { next.dugIn = no }
        } else if graded.handsOn {
            next.dugIn = nil
        }
        // the debrief lists only what this case owed: an apology where we erred, empathy to an upset customer,
        // a hand-off where one is required, another way after a no
        if caseFile?.fault == .company, signals.apology || graded.apologisesForFault {
            next.deliver("apology", at: turn)
        }
        if caseFile?.persona.mood.wantsEmpathy ?? true, signals.empathy { next.deliver("empathy", at: turn) }
        if caseFile?.escalate == .required, graded.handsOn { next.deliver("escalation", at: turn) }
        for id in graded.answered.subtracting(next.answered).sorted() { next.deliver("question.\(id)", at: turn) }
        next.answered.formUnion(graded.answered)
        next.conveyed.formUnion(graded.conveyed)
        if next.refusal == nil, !next.alternativeOffered, let refusal = graded.refusal, !graded.offersAlternative {
            next.refusal = refusal
        }
        let elsewhere: Set<String> = [NotMyJobRule.id, ChannelPushRule.id]
        if signals.deflection || graded.replyFindings.contains(where: { elsewhere.contains($0.rule) }) {
            next.sentElsewhere = true
        }
        if graded.replyFindings.contains(where: { $0.rule == WrongLanguageRule.id }) { next.wroteOtherLanguage = true }
        if graded.offersAlternative {
            if graded.refusal != nil || conversation.refusal != nil { next.deliver("alternative", at: turn) }
            next.alternativeOffered = true
        }
        // asking what an ambiguous request means leaves the next move to the customer: what is owed waits
        next.awaitingCustomer = signals.clarifying && caseFile?.ambiguity != nil && !conversation.revealed
        // handing up waits for an answer the hand-off needs, not for the customer to try a fix alone ("Could you
        // clear the cache and tell me your device?")
        next.askedCustomer = (signals.clarifying || !graded.report.requests.isEmpty) && !graded.setsCustomerToFix
        // the request is understood once the trainee asks, or answers its right reading from the records
        if caseFile?.ambiguity != nil,
           signals.clarifying || (!graded.assertsWrongReading && !(graded.answered.isEmpty && graded.conveyed.isEmpty)) {
            next.revealed = true
        }
        return next
    }
}
