/// A graded reply: its signals, findings, and what it moved in the conversation.
public struct GradedReply: Sendable {
    public let report: SignalReport
    public let findings: [Finding]
    /// Case questions this reply answered and resolve points it conveyed.
    public let answered: Set<String>
    public let conveyed: Set<String>
    /// What was left out of grading, in the reply's language: the end of an over-long reply, typo checks
    /// of over-long words.
    public var notes: [String] = []

    public var penalty: Int { findings.reduce(0) { $0 + $1.severity.penalty } }
    public var hasDeadly: Bool { findings.contains { $0.severity == .deadly } }
    /// The worst finding: the one the customer reacts to.
    public var worst: Finding? {
        findings.min { ($1.severity, RuleCatalog.order(of: $0.rule)) < ($0.severity, RuleCatalog.order(of: $1.rule)) }
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

    /// Loads the bundled lexicons and catalogue, with Hunspell when installed; `eager` languages are built now.
    public static func load(eager: [Language] = Language.allCases) throws -> Grader {
        Grader(analyzer: try Analyzer.load(eager: eager), catalog: try Catalog.load())
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
        var answered: Set<String> = []
        var conveyed: Set<String> = []
        if let caseFile {
            for question in caseFile.questions where !pack.matches(question.answeredBy, in: report.reply).isEmpty {
                answered.insert(question.id)
            }
            for point in caseFile.resolve where !pack.matches(point.patterns, in: report.reply).isEmpty {
                conveyed.insert(point.id)
            }
        }
        let context = RuleContext(report: report, pack: pack, caseFile: caseFile, conversation: conversation,
                                  language: language, catalog: catalog, answers: answered)
        var findings: [Finding] = []
        for rule in RuleCatalog.all where caseFile != nil || !type(of: rule).needsCase {
            findings += rule.check(context)
        }
        return GradedReply(report: report, findings: findings, answered: answered, conveyed: conveyed)
    }

    /// The conversation after `graded` was sent in `conversation`.
    public func advance(_ conversation: Conversation, with graded: GradedReply, caseFile: Case?) -> Conversation {
        var next = conversation
        next.turn += 1
        let signals = graded.report.signals
        next.apologised = next.apologised || signals.apology
        next.empathised = next.empathised || signals.empathy
        next.escalated = next.escalated || signals.escalation
        next.answered.formUnion(graded.answered)
        next.conveyed.formUnion(graded.conveyed)
        if caseFile?.ambiguity != nil, signals.clarifying { next.revealed = true }
        return next
    }
}
