/// Deadly mistake 4: digging in instead of handing the issue up when the case needs it.
public struct NotEscalatedRule: ConversationRule {
    public static let id = "not-escalated"
    public static let severity = Severity.deadly
    public static let needsCase = true
    /// Handing up comes after knowing what to hand up: a question to the customer may come first.
    public static let waits = OwedWait.anyQuestion

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

    /// No quote: the mistake is what no reply and no `/escalate` did, never a clipped piece of some reply.
    public func settle(_ context: OwedContext) -> [Finding] {
        // a reply that sent the customer elsewhere made the mistake not-my-job or channel-push names: one finding
        guard context.caseFile?.escalate == .required, !context.conversation.escalated,
              !context.conversation.sentElsewhere else { return [] }
        return [context.finding(self, evidence: [], values: [:])]
    }
}
