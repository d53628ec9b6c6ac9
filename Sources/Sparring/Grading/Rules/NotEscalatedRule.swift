/// Deadly mistake 4: digging in instead of handing the issue up when the case needs it.
public struct NotEscalatedRule: ConversationRule {
    public static let id = "not-escalated"
    public static let severity = Severity.deadly
    public static let needsCase = true
    /// Handing up comes after knowing what to hand up: a question to the customer may come first.
    public static let waits = OwedWait.anyQuestion

    static let refund = ExampleSetup(escalate: .required)

    public static let examples: [RuleExample] = [
        // a bug handed to the developers does not take up the no the agent said alone to the refund
        RuleExample("Ошибку с сертификатом я передала разработчикам. Расходы на грузчиков мы, к сожалению, не "
                    + "компенсируем.", .ru, triggers: true, refund),
        RuleExample("Сама я компенсацию согласовать не могу, поэтому передала ваш запрос руководителю: он ответит "
                    + "завтра до 12:00.", .ru, triggers: false, refund),
        RuleExample("I've reported the certificate bug to our developers. Unfortunately we don't reimburse "
                    + "third-party costs like movers.", .en, triggers: true, refund),
        RuleExample("I can't approve the refund myself, so I've put it to my manager and will write to you by "
                    + "noon.", .en, triggers: false, refund),
        RuleExample("Мы разберёмся, подождите немного.", .ru, triggers: true, refund),
        RuleExample("Я передала ваш запрос на возврат руководителю отдела и напишу вам здесь сегодня до 18:00.", .ru,
                    triggers: false, refund),
        RuleExample("We will look into it, please wait.", .en, triggers: true, refund),
        RuleExample("I've escalated your refund request to my team lead and I'll update you here by 6 pm today.", .en,
                    triggers: false, refund),
        // a fix for the customer to try alone, with a question beside it, still hands nothing up
        RuleExample("Попробуйте очистить кэш браузера и скажите, на каком устройстве вы заходите.", .ru,
                    triggers: true, refund),
        RuleExample("Try clearing your browser cache, and could you tell me which device you use?", .en,
                    triggers: true, refund),
        // sending the customer elsewhere takes no decision either
        RuleExample("С этим вопросом лучше обратиться на нашу горячую линию.", .ru, triggers: true, refund),
        RuleExample("For this one you'd best call our hotline.", .en, triggers: true, refund),
    ]

    public init() {}

    /// Quoted only when a reply said no alone ("we don't reimburse that"); otherwise the mistake is what no
    /// reply and no `/escalate` did, never a clipped piece of some reply.
    public func settle(_ context: OwedContext) -> [Finding] {
        // sending the customer elsewhere ("call the hotline", "that's for the police") hands nothing up either:
        // not-my-job or channel-push names where they were sent, this names the decision nobody took
        guard context.caseFile?.escalate == .required, !context.conversation.handedUp else { return [] }
        let evidence = context.conversation.dugIn.map { ["«\($0)»"] } ?? []
        return [context.finding(self, evidence: evidence, values: [:])]
    }
}
