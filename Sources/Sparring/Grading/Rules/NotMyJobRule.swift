/// Deadly mistake 5: saying it is not your business.
public struct NotMyJobRule: Rule {
    public static let id = "not-my-job"
    public static let severity = Severity.deadly
    public static let needsCase = false

    public static let examples: [RuleExample] = [
        RuleExample("Это к бухгалтеру, с вами свяжутся.", .ru, triggers: true),
        RuleExample("Я передала ваш вопрос бухгалтеру, она ответит здесь сегодня до 17:00.", .ru, triggers: false),
        RuleExample("Sorry, I'm new here. Billing handles that, they will contact you.", .en, triggers: true),
        RuleExample("I've passed your question to our accountant, and I'll get back to you here by 5 pm.", .en, triggers: false),
    ]

    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        guard context.report.signals.deflection, let evidence = context.report.evidence["deflection"] else { return [] }
        return [context.finding(self, evidence: [context.quote(evidence)], values: ["quote": evidence.quote])]
    }
}
