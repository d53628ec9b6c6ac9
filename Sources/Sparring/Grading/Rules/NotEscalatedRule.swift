/// Deadly mistake 4: digging in instead of handing the issue up when the case needs it.
public struct NotEscalatedRule: Rule {
    public static let id = "not-escalated"
    public static let severity = Severity.deadly
    public static let needsCase = true

    static let refund = ExampleSetup(escalate: .required)

    public static let examples: [RuleExample] = [
        RuleExample("Мы разберёмся, подождите немного.", .ru, triggers: true, refund),
        RuleExample("Я передала ваш запрос на возврат руководителю отдела и напишу вам здесь сегодня до 18:00.", .ru,
                    triggers: false, refund),
        RuleExample("We will look into it, please wait.", .en, triggers: true, refund),
        RuleExample("I've escalated your refund request to my team lead and I'll update you here by 6 pm today.", .en,
                    triggers: false, refund),
    ]

    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        guard context.caseFile?.escalate == .required, !context.conversation.escalated,
              !context.report.signals.escalation else { return [] }
        // asking what the customer means comes before handing anything up
        if context.ambiguityOpen && context.report.signals.clarifying { return [] }
        let text = context.report.reply.text
        let quote = text.count > 80 ? String(text.prefix(80)) + "…" : text
        return [context.finding(self, evidence: ["«\(quote)»"], values: ["quote": quote])]
    }
}
