import Testing
@testable import Sparring

/// Issue 10's classes of false alarm: what a good agent writes in their own words must not be a mistake.
@Suite struct NaturalReplyTests {
    func rules(_ reply: String, _ id: String, _ language: Language, turn: Int = 1) -> [String] {
        let caseFile = Shared.loadCase(id, language)
        return Shared.grader.grade(reply, language: language, caseFile: caseFile, conversation: Conversation(turn: turn))
            .findings.map(\.rule)
    }

    @Test(arguments: [
        ("Hello Megan! Do you mean the newsletter about yesterday's outage, or the email about your integration?", Language.en),
        ("Здравствуйте, Ирина! Вы про рассылку о вчерашнем сбое или про письмо об интеграции?", .ru),
    ])
    func namingBothReadingsToAskIsClarifying(_ reply: String, _ language: Language) {
        #expect(!rules(reply, "integration-email-site-down", language).contains("assumed-meaning"))
    }

    @Test(arguments: [
        ("Hello Megan! That email was about yesterday's outage, and everything works now.", Language.en),
        ("Здравствуйте, Ирина! Письмо было про вчерашний сбой, сейчас всё работает.", .ru),
    ])
    func assertingAWrongReadingQuotesTheSentenceNotTheGreeting(_ reply: String, _ language: Language) {
        let caseFile = Shared.loadCase("integration-email-site-down", language)
        let graded = Shared.grader.grade(reply, language: language, caseFile: caseFile)
        let finding = graded.findings.first { $0.rule == "assumed-meaning" }
        #expect(finding != nil)
        #expect(finding?.evidence.first?.contains("Megan") == false && finding?.evidence.first?.contains("Ирина") == false)
    }

    @Test(arguments: [
        ("Hello! I'm sorry your morning was wasted like that.", Language.en),
        ("I'm sorry you were treated like that at our branch.", .en),
    ])
    func sorryForWhatHappenedToTheCustomerIsEmpathy(_ reply: String, _ language: Language) {
        let signals = Shared.signals(reply, language)
        #expect(signals.empathy)
        #expect(!signals.apology)
    }

    @Test(arguments: [
        ("Hello Daniel! Thanks for the screenshot and the link, no need to send them again.", Language.en),
        ("Hello Daniel! I've passed your screenshot and the example link to our developers.", .en),
        ("Здравствуйте, Даниил! Спасибо за скриншот и ссылку, повторно присылать их не нужно.", .ru),
        ("What I've done: I've passed it to our developers with your screenshot and example link attached.", .en),
        ("Здравствуйте! Скриншот и ссылку получили, спасибо.", .ru),
    ])
    func aMentionOfWhatWasGivenIsNoRequest(_ reply: String, _ language: Language) {
        #expect(!rules(reply, "screenshot-already-sent", language).contains("already-given"))
    }

    @Test(arguments: [
        ("Здравствуйте! Вижу письмо с пометкой «СРОЧНО», уже разбираюсь.", Language.ru),
        ("Hello! I can see your email marked \"URGENT\", and I'm on it.", .en),
    ])
    func theCustomersOwnCapitalsQuotedBackAreNotShouting(_ reply: String, _ language: Language) {
        #expect(!Shared.grader.grade(reply, language: language).findings.contains { $0.rule == "sloppy-writing" })
    }

    @Test(arguments: [
        ("That size is sold out, so I've reserved the next delivery for you.", Language.en, false),
        ("Такой размер закончился, но я могу отложить для вас следующую поставку.", .ru, false),
        ("Unfortunately, that size isn't available.", .en, true),
        ("К сожалению, такой размер недоступен.", .ru, true),
    ])
    func anotherWayIsOwedAfterARefusal(_ reply: String, _ language: Language, _ flagged: Bool) {
        #expect(Shared.grader.grade(reply, language: language).findings.contains { $0.rule == "no-alternative" } == flagged)
    }

    @Test(arguments: [
        ("I'm not asking you to contact the front desk: it's all sorted here.", Language.en),
        ("You can put the phone down and stop waiting for the call.", .en),
        ("Можете положить трубку, звонка не будет.", .ru),
    ])
    func notAPushToAnotherChannel(_ reply: String, _ language: Language) {
        #expect(!Shared.signals(reply, language).channelPush)
    }

    @Test func notEscalatedQuotesNoClippedReply() {
        let caseFile = Shared.loadCase("refund-demand-escalate", .en)
        let graded = Shared.grader.grade("Hello Jack! I understand how frustrating this is. Let me check the lessons.",
                                         language: .en, caseFile: caseFile)
        let finding = graded.findings.first { $0.rule == "not-escalated" }
        #expect(finding?.evidence == [])
    }
}

/// The conversation is judged as a whole: what it owes is counted once, whenever it is delivered.
@Suite struct ConversationScoringTests {
    @Test func anAnswerInTheNextReplyCostsNothing() {
        let session = Session(caseFile: Shared.loadCase("clinic-confirmation-call", .en), grader: Shared.grader, seed: 1)
        _ = session.handle("Hello Emily! I understand how worrying it is to wait by the phone.")
        _ = session.handle(session.caseFile.modelReply)
        #expect(session.outcome == .resolved, "\(session.turns.map(\.input))")
        #expect(!session.owed.contains { $0.rule == "unanswered-question" })
        #expect(!session.turns.contains { $0.findings.contains { $0.rule == "unanswered-question" } })
    }

    @Test func theCustomerAcknowledgesProgressAndAsksForWhatIsMissing() {
        let caseFile = Shared.loadCase("clinic-checkup-inquiry", .en)
        let session = Session(caseFile: caseFile, grader: Shared.grader, seed: 3)
        let events = session.handle("Hello Rachel! The basic check-up comes to $240 in total and fits in one morning.")
        let lines = events.compactMap { if case .customer(_, let text) = $0 { return text }; return nil }
        let missing = caseFile.questions.first { !session.conversation.answered.contains($0.id) }!
        #expect(lines.contains { $0.contains(missing.text) }, "\(lines)")
        #expect(session.patience == caseFile.persona.patience)
    }
}
