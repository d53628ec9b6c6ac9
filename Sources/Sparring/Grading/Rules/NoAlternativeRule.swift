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
        // not knowing the date yet refuses nothing; new stock on its way is a way round the sold-out one
        RuleExample("I can't give you an exact time yet; the engineers are on it now.", .en, triggers: false),
        RuleExample("Точное время пока назвать не могу: инженеры уже работают.", .ru, triggers: false),
        RuleExample("The blue one is sold out, but new stock is due on Friday and I can hold one for you.", .en,
                    triggers: false),
        RuleExample("Синяя модель закончилась, но новая поставка ожидается в пятницу, и я могу отложить одну для вас.",
                    .ru, triggers: false),
        RuleExample("Refunds for custom orders aren't possible.", .en, triggers: true),
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
