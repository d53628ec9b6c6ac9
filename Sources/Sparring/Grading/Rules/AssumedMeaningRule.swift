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
        // a reply that does not know which email is meant and speaks of both, or of one on a condition, asserts neither
        RuleExample("Не знаю, какое из писем вас встревожило, поэтому об обоих: вчерашнее — про сбой, сегодняшнее — про ВК.",
                    .ru, triggers: false, outage),
        RuleExample("If you mean last night's newsletter, that was about yesterday's outage, long fixed.", .en, triggers: false,
                    outage),
    ]

    public init() {}

    /// A wrong reading the reply asserts: named in a statement, not in a question, in a reply that asks nothing.
    /// A reply that names both readings to ask which one is meant clarifies; a reply that only fails to ask
    /// commits nothing that could be quoted, so it is no deadly finding.
    static func assertedWrongReading(_ report: SignalReport, pack: LanguagePack, caseFile: Case?) -> PhraseMatch? {
        guard let ambiguity = caseFile?.ambiguity, !report.signals.clarifying else { return nil }
        let reply = report.reply
        // "not sure which email worried you, so both": a reply that speaks of both readings, or of one on a
        // condition, asserts neither
        guard pack.matches("readings-hedged", in: reply).isEmpty else { return nil }
        return pack.matches(ambiguity.wrongReadings, in: reply).first { !reply.sentences[$0.sentence].isQuestion }
    }

    public func check(_ context: RuleContext) -> [Finding] {
        guard !context.conversation.revealed,
              let wrong = Self.assertedWrongReading(context.report, pack: context.pack, caseFile: context.caseFile)
        else { return [] }
        let reply = context.report.reply
        let sentence = reply.sentences[wrong.sentence]
        let quote = reply.quote(sentence.tokens.first!.start, sentence.tokens.last!.end)
        return [context.finding(self, evidence: ["«\(quote)»"], values: ["quote": quote])]
    }
}
