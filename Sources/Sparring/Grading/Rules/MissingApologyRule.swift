/// Apologise when the company erred, even if the customer has not noticed yet.
public struct MissingApologyRule: ConversationRule {
    public static let id = "missing-apology"
    public static let severity = Severity.major
    public static let needsCase = true

    public static let examples: [RuleExample] = [
        RuleExample("Ваша запись подтверждена, ждём вас завтра в 10:30.", .ru, triggers: true, ExampleSetup(fault: .company)),
        RuleExample("Простите, что вам не позвонили: запись подтверждена, ждём вас завтра в 10:30.", .ru, triggers: false,
                    ExampleSetup(fault: .company)),
        RuleExample("Your booking is confirmed, see you tomorrow at 10:30.", .en, triggers: true, ExampleSetup(fault: .company)),
        RuleExample("I'm sorry nobody called you: your booking is confirmed for tomorrow at 10:30.", .en, triggers: false,
                    ExampleSetup(fault: .company)),
        RuleExample("I'm sorry the bot kept you going round in circles: your booking is confirmed for 10:30.", .en,
                    triggers: false, ExampleSetup(fault: .company)),
        RuleExample("Сожалею, что вам пришлось писать дважды: запись подтверждена на 10:30.", .ru, triggers: false,
                    ExampleSetup(fault: .company)),
    ]

    public init() {}

    public func settle(_ context: OwedContext) -> [Finding] {
        guard context.caseFile?.fault == .company, !context.conversation.apologised else { return [] }
        return [context.finding(self, evidence: [], values: [:])]
    }
}
