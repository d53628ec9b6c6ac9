/// Greet the customer, in their language, in the first reply.
public struct NoGreetingRule: Rule {
    public static let id = "no-greeting"
    public static let severity = Severity.minor
    public static let needsCase = false

    static let first = ExampleSetup(conversation: Conversation(turn: 1), withCase: false)

    public static let examples: [RuleExample] = [
        RuleExample("Ваша запись подтверждена.", .ru, triggers: true, first),
        RuleExample("Добрый день, Вера! Ваша запись подтверждена.", .ru, triggers: false, first),
        RuleExample("Your booking is confirmed.", .en, triggers: true, first),
        RuleExample("Good afternoon, Vera! Your booking is confirmed.", .en, triggers: false, first),
    ]

    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        guard context.conversation.turn == 1, !context.report.signals.greeting else { return [] }
        return [context.finding(self, evidence: [], values: [:])]
    }
}
