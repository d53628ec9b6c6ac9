/// When the standard way fails, offer another one.
public struct NoAlternativeRule: ConversationRule {
    public static let id = "no-alternative"
    public static let severity = Severity.major
    public static let needsCase = false

    public static let examples: [RuleExample] = [
        RuleExample("К сожалению, такой формат файла импорт не поддерживает.", .ru, triggers: true),
        RuleExample("Такой формат импорт не поддерживает, зато я могу прислать скрипт, который переведёт файл в CSV.", .ru,
                    triggers: false),
        RuleExample("Unfortunately, the import cannot read this file.", .en, triggers: true),
        RuleExample("The import cannot read this file, but I can convert it for you instead.", .en, triggers: false),
    ]

    public init() {}

    public func settle(_ context: OwedContext) -> [Finding] {
        let conversation = context.conversation
        guard let refusal = conversation.refusal, !conversation.alternativeOffered, !conversation.sentElsewhere else {
            return []
        }
        return [context.finding(self, evidence: ["«\(refusal)»"], values: ["quote": refusal])]
    }
}
