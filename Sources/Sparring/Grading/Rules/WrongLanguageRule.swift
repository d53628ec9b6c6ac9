/// Write in the customer's language.
public struct WrongLanguageRule: Rule {
    public static let id = "wrong-language"
    public static let severity = Severity.major
    public static let needsCase = false

    public static let examples: [RuleExample] = [
        RuleExample("Hello! Your booking is confirmed.", .ru, triggers: true),
        RuleExample("Здравствуйте! Ваша запись подтверждена, код PHP-сессии не нужен.", .ru, triggers: false),
        RuleExample("Здравствуйте! Ваша запись подтверждена.", .en, triggers: true),
        RuleExample("Hello! Your booking is confirmed.", .en, triggers: false),
    ]

    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        guard let written = Analyzer.detectLanguage(context.report.reply.text), written != context.language else { return [] }
        let name = context.catalog.text("language.\(context.language.rawValue)", context.language)
        return [context.finding(self, evidence: [], values: ["language": name])]
    }
}
