/// Hollow stock phrases read as answering without helping.
public struct CannedPhraseRule: Rule {
    public static let id = "canned-phrase"
    public static let severity = Severity.minor
    public static let needsCase = false

    public static let examples: [RuleExample] = [
        RuleExample("Ваше обращение очень важно для нас.", .ru, triggers: true),
        RuleExample("Я вернула деньги на карту: они придут в течение трёх дней.", .ru, triggers: false),
        RuleExample("Your call is important to us.", .en, triggers: true),
        RuleExample("I've refunded the payment; it will reach your card within three days.", .en, triggers: false),
    ]

    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        guard context.report.signals.canned, let evidence = context.report.evidence["canned"] else { return [] }
        return [context.finding(self, evidence: [context.quote(evidence)], values: ["quote": evidence.quote])]
    }
}
