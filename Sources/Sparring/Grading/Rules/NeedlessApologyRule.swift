/// Never apologise for policy or before the situation is clear: show empathy instead.
public struct NeedlessApologyRule: Rule {
    public static let id = "needless-apology"
    public static let severity = Severity.major
    public static let needsCase = true

    static let outage = ExampleSetup(fault: .unclear, wrongReadings: ["вчерашн* сбо*", "yesterday's outage", "outage"],
                                     conversation: Conversation(turn: 1))

    public static let examples: [RuleExample] = [
        RuleExample("Приносим извинения, но по правилам банка выписку можно получить только в отделении.", .ru, triggers: true,
                    ExampleSetup(fault: .policy)),
        RuleExample("Понимаю, как это неудобно. Выписку мы выдаём в отделении, потому что она содержит данные счёта.", .ru,
                    triggers: false, ExampleSetup(fault: .policy)),
        RuleExample("We apologize, but statements are only issued at a branch.", .en, triggers: true, ExampleSetup(fault: .policy)),
        RuleExample("Sorry for the long wait! Your phone is held until tomorrow at 9 pm.", .en, triggers: false,
                    ExampleSetup(fault: .none, opening: "I waited on the line until your rhyme ran out.")),
        RuleExample("Sorry for the wait! Your request is done.", .en, triggers: true,
                    ExampleSetup(fault: .none, opening: "How is my request going?")),
        RuleExample("Простите за долгое ожидание! Смартфон отложен до завтра, до 21:00.", .ru, triggers: false,
                    ExampleSetup(fault: .none, opening: "Пока я ждал на линии, ваша считалка закончилась.")),
        RuleExample("Извините за ожидание! Заявка выполнена.", .ru, triggers: true,
                    ExampleSetup(fault: .none, opening: "Как там моя заявка?")),
        RuleExample("I understand how inconvenient that is. Statements are issued at a branch because they contain account data.",
                    .en, triggers: false, ExampleSetup(fault: .policy)),
        RuleExample("Which email do you mean: yesterday's note about the outage, for which we apologise, or today's?", .en,
                    triggers: false, outage),
        RuleExample("We apologise for the inconvenience. Which email did you get?", .en, triggers: true, outage),
        RuleExample("О каком письме речь: о вчерашнем сбое, за который простите, или о сегодняшнем уведомлении?", .ru,
                    triggers: false, outage),
        RuleExample("Проблема на нашей стороне: на вашем порту копятся ошибки. Простите за испорченные вечера.", .ru,
                    triggers: false, ExampleSetup(fault: .unclear)),
        RuleExample("Простите за испорченные вечера. Перезагрузите роутер ещё раз.", .ru, triggers: true,
                    ExampleSetup(fault: .unclear)),
        RuleExample("The errors are building up on our side of the line, at your port. Sorry for the ruined evenings.", .en,
                    triggers: false, ExampleSetup(fault: .unclear)),
        RuleExample("Yesterday's outage lasted seven minutes. Sorry for that.", .en, triggers: false, outage),
    ]

    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        guard let caseFile = context.caseFile, !context.report.apologies.isEmpty else { return [] }
        // "sorry for the wait" to a customer who tells of waiting for us owns what happened, whatever the fault;
        // to one who waited for nothing it apologises before anything is known
        let waits = context.pack.matches("apology-wait", in: context.report.reply)
        let waited = !waits.isEmpty && !context.pack.matches("customer-waited", in: context.pack.analyze(caseFile.opening)).isEmpty
        guard let evidence = context.report.apologies.first(where: { apology in
            !waited || !waits.contains { $0.start < apology.end && apology.start < $0.end }
        }) else { return [] }
        let needless: Bool
        switch caseFile.fault {
        case .company: needless = false
        case .policy, .customer, .none: needless = true
        // asking which thing the customer means while apologising for the other reading, the one our records show
        // went wrong ("which email: yesterday's note about the outage, sorry for that, or today's?"), owns a known
        // error; "sorry for the inconvenience, which email?" apologises before anything is clear
        // a reply that has found and says the fault is ours ("the errors are on our side of the line") owns it too:
        // the situation is clear to the agent, and an apology for our error is owed, not needless; a reply that
        // names the known error, yesterday's seven-minute outage, may apologise for that error (assuming the
        // customer means it is assumed-meaning's finding, not this one)
        case .unclear:
            let reply = context.report.reply
            if !context.pack.matches("meaning-our-mistake", in: reply).isEmpty { needless = false; break }
            // "your port throws errors every evening, so it's on our side. Sorry for the hassle": the reply found
            // the company's fault, and an apology for it is due
            guard let ambiguity = caseFile.ambiguity else {
                needless = context.pack.literalMatches("meaning-our-mistake", in: context.report.reply).isEmpty
                break
            }
            // the apology may follow in the next sentence: "…the service was down for seven minutes. Sorry for that."
            let known = Set(context.pack.matches(ambiguity.wrongReadings, in: reply).flatMap { [$0.sentence, $0.sentence + 1] })
            let owned = context.report.apologies.allSatisfy { apology in
                reply.sentences.indices.contains { known.contains($0) && reply.sentences[$0].tokens.contains { $0.start == apology.start } }
            }
            needless = !context.conversation.revealed && !owned
        }
        guard needless else { return [] }
        return [context.finding(self, evidence: [context.quote(evidence)],
                                values: ["quote": evidence.quote, "fault": context.catalog.text("fault.\(caseFile.fault.rawValue)", context.language)])]
    }
}
