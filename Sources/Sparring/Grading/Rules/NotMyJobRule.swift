/// Deadly mistake 5: saying it is not your business.
public struct NotMyJobRule: Rule {
    public static let id = "not-my-job"
    public static let severity = Severity.deadly
    public static let needsCase = false

    public static let examples: [RuleExample] = [
        // passed on, but "they will contact you" names no owner and no time: the buck is passed, not owned
        RuleExample("Вопросы по закрывающим документам решает бухгалтерия, я передам им ваш вопрос, с вами "
                    + "свяжутся.", .ru, triggers: true),
        RuleExample("Closing documents are handled by our accounts department, so I'll forward your question to them "
                    + "and they will contact you.", .en, triggers: true),
        RuleExample("Закрывающие документы готовит бухгалтерия: я передала им ваш вопрос и напишу вам здесь сегодня "
                    + "до 17:00.", .ru, triggers: false),
        RuleExample("Closing documents are handled by our accounts team, so I've passed your question to them and "
                    + "I'll write back here by 5 pm today.", .en, triggers: false),
        // whose power it is, with nothing done about it, disowns; with the hand-off done it owns
        RuleExample("Support agents can't reopen closed tickets; only a shift lead can do that.", .en, triggers: true),
        RuleExample("Only a shift lead can reopen it, so I've asked Anna to reopen it today and I'll write to you by 5 pm.",
                    .en, triggers: false),
        RuleExample("Это к бухгалтеру, с вами свяжутся.", .ru, triggers: true),
        RuleExample("Я передала ваш вопрос бухгалтеру, она ответит здесь сегодня до 17:00.", .ru, triggers: false),
        RuleExample("Sorry, I'm new here. Billing handles that, they will contact you.", .en, triggers: true),
        RuleExample("I've passed your question to our accountant, and I'll get back to you here by 5 pm.", .en, triggers: false),
        RuleExample("Approving a refund is my manager's call, so I've put it to her and will write to you by noon.", .en,
                    triggers: false),
        RuleExample("Возврат одобряет руководитель, поэтому я уже передала ему вашу заявку и напишу вам до 12:00.", .ru,
                    triggers: false),
        RuleExample("It can only be done by a chat agent, so I've turned it off for you just now.", .en, triggers: false),
        RuleExample("Это делает только оператор чата, поэтому я уже отключила услугу сама.", .ru, triggers: false),
    ]

    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        // a reply that hands the issue on with ownership owns it, whatever words it uses for whose call it is
        guard context.report.signals.deflection, !context.report.signals.escalation,
              let evidence = context.report.evidence["deflection"] else { return [] }
        return [context.finding(self, evidence: [context.quote(evidence)], values: ["quote": evidence.quote])]
    }
}
