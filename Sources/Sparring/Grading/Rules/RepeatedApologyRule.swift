/// One apology is enough; an apology in every message is noise.
public struct RepeatedApologyRule: Rule {
    public static let id = "repeated-apology"
    public static let severity = Severity.minor
    public static let needsCase = false

    public static let examples: [RuleExample] = [
        RuleExample("Извините за задержку! Ещё раз простите, заказ уже в пути.", .ru, triggers: true,
                    ExampleSetup(fault: .company, withCase: false)),
        RuleExample("Извините за задержку и за путаницу с адресом: заказ уже в пути.", .ru, triggers: false,
                    ExampleSetup(fault: .company, withCase: false)),
        RuleExample("Извините за задержку: заказ уже в пути и будет у вас к 19:00.", .ru, triggers: false,
                    ExampleSetup(fault: .company, withCase: false)),
        RuleExample("Sorry again for the trouble, the refund is on its way.", .en, triggers: true,
                    ExampleSetup(fault: .company, conversation: { var c = Conversation(turn: 2); c.apologised = true; return c }())),
        RuleExample("The refund is on its way and will reach your card by Friday.", .en, triggers: false,
                    ExampleSetup(fault: .company, conversation: { var c = Conversation(turn: 2); c.apologised = true; return c }())),
    ]

    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        let apologies = context.report.apologies
        guard let first = apologies.first else { return [] }
        if context.conversation.apologised {
            return [context.finding(self, evidence: [context.quote(first)], values: ["quote": first.quote])]
        }
        // two in one reply ("sorry for the wait, and I apologise for the mix-up") name two things; three is noise
        let again = !context.pack.matches("apology-again", in: context.report.reply).isEmpty
        guard apologies.count >= 3 || (apologies.count == 2 && again) else { return [] }
        return [context.finding(self, evidence: apologies.map(context.quote), values: ["quote": apologies[1].quote])]
    }
}
