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
        RuleExample("It can't be switched off in the online account. Shall I switch it off for you now?", .en,
                    triggers: false),
        RuleExample("В личном кабинете это отключить нельзя, поэтому я отключила услугу сама.", .ru, triggers: false),
        RuleExample("I've extended your hold. Unfortunately, changing the colour is not possible.", .en, triggers: true),
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
