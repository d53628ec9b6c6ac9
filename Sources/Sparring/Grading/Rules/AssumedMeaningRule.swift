/// Deadly mistake 3: reading an ambiguous request as you like instead of clarifying.
public struct AssumedMeaningRule: Rule {
    public static let id = "assumed-meaning"
    public static let severity = Severity.deadly
    public static let needsCase = true

    static let outage = ExampleSetup(wrongReadings: ["вчерашн* сбо*", "yesterday's outage|downtime", "outage ... yesterday"],
                                     conversation: Conversation(turn: 1))

    public static let examples: [RuleExample] = [
        RuleExample("Здравствуйте! Это из-за вчерашнего сбоя, сейчас всё работает.", .ru, triggers: true, outage),
        RuleExample("Здравствуйте! Подскажите, о каком письме идёт речь: что в нём написано?", .ru, triggers: false, outage),
        RuleExample("Hi! That was yesterday's outage, everything is fine now.", .en, triggers: true, outage),
        RuleExample("Hi! Which email did you get from us, and what does it say?", .en, triggers: false, outage),
    ]

    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        guard let ambiguity = context.caseFile?.ambiguity, !context.conversation.revealed else { return [] }
        let reply = context.report.reply
        if let wrong = context.pack.matches(ambiguity.wrongReadings, in: reply).first {
            let quote = reply.quote(wrong.start, wrong.end)
            return [context.finding(self, evidence: ["«\(quote)»"], values: ["quote": quote])]
        }
        guard !context.report.signals.clarifying else { return [] }
        let first = reply.sentences.first.map { reply.quote($0.tokens.first!.start, $0.tokens.last!.end) } ?? reply.text
        return [context.finding(self, evidence: ["«\(first)»"], values: ["quote": first])]
    }
}
