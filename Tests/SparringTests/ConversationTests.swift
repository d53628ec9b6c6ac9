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
        ("Hi Megan! There are two recent emails from us:\n1) Yesterday, 7:40 pm: the service was unavailable for seven "
         + "minutes.\n2) Today, 10:12 am: your Facebook integration was disconnected.", .en),
        ("Ирина, здравствуйте! За сутки мы отправили вам два письма.\n• Вчерашнее — о том, что вчера сервис был "
         + "недоступен семь минут.\n• Сегодняшнее — об отключении интеграции с ВКонтакте.", .ru),
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

    /// The question a reply answers, by id, among the case's questions.
    func unanswered(_ reply: String, _ id: String, _ language: Language) -> [String] {
        let caseFile = Shared.loadCase(id, language)
        let graded = Shared.grader.grade(reply, language: language, caseFile: caseFile)
        return graded.findings.filter { $0.rule == "unanswered-question" }.compactMap { $0.arguments["question"] }
    }

    @Test(arguments: [
        ("Hi Daniel, it broke with yesterday's update. There's no confirmed fix time yet; our engineers have it.",
         Language.en, "When will it be fixed?"),
        ("Здравствуйте, Михаил! Сбой после вчерашнего обновления, разработчики уже им занимаются. Сроки исправления пока "
         + "уточняются.", .ru, "Когда это исправят?"),
    ])
    func anHonestNotYetAnswersAWhenQuestion(_ reply: String, _ language: Language, _ question: String) {
        #expect(!unanswered(reply, "screenshot-already-sent", language).contains(question))
    }

    @Test(arguments: [
        ("Hi Oliver, our duty engineer is on it and I'll write to you as soon as there's news.", Language.en,
         "When will the shop be back up?"),
        ("Здравствуйте, Олег! Дежурный инженер уже работает, напишу вам, как только появятся новости.", .ru,
         "Когда магазин заработает?"),
    ])
    func newsSomedayIsNoAnswerToWhen(_ reply: String, _ language: Language, _ question: String) {
        #expect(unanswered(reply, "urgent-keyword", language).contains(question))
    }

    @Test(arguments: [
        ("Hi Rachel! Short version:\n• $240, everything included", Language.en, "How much does the check-up cost?"),
        ("Добрый вечер, Наталья! Коротко:\n1) 9 800 ₽ — программа целиком.", .ru, "Сколько стоит обследование?"),
    ])
    func aSumWithItsCurrencyAnswersThePrice(_ reply: String, _ language: Language, _ question: String) {
        #expect(!unanswered(reply, "clinic-checkup-inquiry", language).contains(question))
    }

    @Test(arguments: [
        ("The claim was then handled with the standard refund, which did not take into account your request.",
         Language.en),
        ("I understand it's awkward to deal with this at work.", .en),
        ("Если письмо про ВКонтакте, то сайт тут ни при чём: у сообщества истёк ключ доступа.", .ru),
        ("Услуга отключается только через оператора, и я это уже сделал: платёж на номере отключён.", .ru),
    ])
    func neitherDiagnosisNorDoingItYourselfIsDisowning(_ reply: String, _ language: Language) {
        #expect(!Shared.signals(reply, language).deflection)
    }

    @Test(arguments: [
        ("Your feedback has gone to Natalie Ross, who leads the store; I'll tell you what they do within a week.",
         Language.en),
        ("I've booked a check by our engineers of the line; they'll phone you tomorrow.", .en),
        ("Я оформляю заявку инженерам на проверку линии, они свяжутся с вами завтра до 14:00.", .ru),
        ("Номер и скриншот ушли в службу безопасности, ответ будет сегодня до 18:00.", .ru),
    ])
    func aHandOffInPlainWordsIsEscalation(_ reply: String, _ language: Language) {
        #expect(Shared.signals(reply, language).escalation)
    }

    @Test(arguments: [
        ("Hello Daniel! I've looked at the screenshot and the page: it is our update.", Language.en),
        ("Михаил, добрый день! Скриншот и страницу посмотрел: дело в нашем обновлении.", .ru),
    ])
    func whatTheAgentHasSeenIsNotAskedFor(_ reply: String, _ language: Language) {
        #expect(!rules(reply, "screenshot-already-sent", language).contains("already-given"))
    }

    @Test(arguments: [
        ("Hello Megan! Which email did you get: the one about yesterday's 7-minute outage (fixed, and apologies for it), "
         + "or the one about Facebook?", Language.en),
        ("Здравствуйте, Ирина! О каком письме речь: о вчерашнем 7-минутном сбое (он устранён, извините за него) или об "
         + "отключении ВКонтакте?", .ru),
    ])
    func anApologyForTheOutageTheReplyNamesIsOwed(_ reply: String, _ language: Language) {
        #expect(!rules(reply, "integration-email-site-down", language).contains("needless-apology"))
    }

    @Test(arguments: [
        ("Hi Ryan. Your port throws more transmission errors every evening, so it's on our side, not your kit. I've "
         + "handed it to our engineers. Sorry for the evenings you've lost!", Language.en),
        ("Добрый вечер, Антон! На вашем порту по вечерам растут ошибки передачи, так что проблема на нашей стороне. "
         + "Передал инженерам. Извините за испорченные вечера.", .ru),
        ("Hi Ryan. Your own port is throwing more and more errors every evening. So it's on our side, not your kit. "
         + "Sorry about the evenings you've lost!", .en),
        ("Антон, добрый вечер. Проблема на вашем порту: по вечерам на нём растут ошибки передачи. Прошу прощения за "
         + "испорченные вечера.", .ru),
    ])
    func anApologyForTheFaultTheReplyFoundIsOwed(_ reply: String, _ language: Language) {
        #expect(!rules(reply, "isp-reboot-router", language).contains("needless-apology"))
    }

    @Test(arguments: [
        ("Yesterday the support line told you a call was needed, and that was wrong.", Language.en, false),
        ("Support line: 0800 123 456.", .en, true),
        ("Вижу, что вчера по телефону вас не предупредили о заказе крупной суммы.", .ru, false),
        ("Подтверждение по телефону проводится только перед процедурами с подготовкой.", .ru, false),
        ("Горячая линия: 8 800 555-01-23.", .ru, true),
    ])
    func aChannelToldOfIsNoPush(_ reply: String, _ language: Language, _ pushes: Bool) {
        #expect(Shared.signals(reply, language).channelPush == pushes)
    }

    @Test(arguments: [
        ("Hello Daniel, thank you for writing again: your ticket from last night was still waiting for our reply.",
         Language.en, "screenshot-already-sent"),
        ("Hello Harold! Reply by Wednesday and I'll send you the tracking number the same day.", .en,
         "warranty-kettle-years"),
        ("Добрый вечер, Антон! Не буду тратить ваше время на «выключите и включите»: вы и так проверили всё.", .ru,
         "isp-reboot-router"),
        ("Здравствуйте, Андрей! Три раза советовать перезагрузить страницу, а потом закрывать обращения было "
         + "неправильно.", .ru, "refund-demand-escalate"),
    ])
    func tellingOrQuotingIsNoAsking(_ reply: String, _ language: Language, _ id: String) {
        let found = rules(reply, id, language)
        #expect(!found.contains("already-given") && !found.contains("look-it-up"), "\(found)")
    }

    @Test(arguments: [
        ("Thank you for letting us know so quickly; I understand this is costing you orders right now.", Language.en),
        ("I know Valentine's is the worst possible time for a scare, so the quick answer first.", .en),
    ])
    func whatItCostsTheCustomerIsEmpathy(_ reply: String, _ language: Language) {
        #expect(Shared.signals(reply, language).empathy)
    }

    @Test(arguments: [
        ("Good afternoon, Chris! Green is sold out across the city, next batch due on May 24. The blue is in stock at "
         + "Maple Street at the same price.", Language.en),
        ("Павел, добрый день! Зелёный, к сожалению, закончился во всех магазинах города. На Гагарина есть синий, цена "
         + "такая же. Хотите, заменю резерв на синий?", .ru),
    ])
    func anotherModelInStockIsAnAlternative(_ reply: String, _ language: Language) {
        #expect(!rules(reply, "store-hold-smartphone", language).contains("no-alternative"))
    }

    @Test(arguments: [
        ("Hello Daniel! Your refund is on its way.\n\nKind regards,\nJi-woo\ncustomer care", Language.en),
        ("Добрый день, Дмитрий! Возврат уже оформлен.\n\nС уважением,\nОльга\nслужба поддержки", .ru),
    ])
    func aSignatureAfterTheClosingIsNoSloppyWriting(_ reply: String, _ language: Language) {
        #expect(!Shared.signals(reply, language).hygiene)
    }

    @Test(arguments: [
        ("Hello Daniel! Your refund is on its way.\n\nKind regards.\nsee you soon at the store, the manager will call you.",
         Language.en),
    ])
    func aSentenceAfterTheClosingIsStillRead(_ reply: String, _ language: Language) {
        #expect(Shared.signals(reply, language).hygiene)
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
