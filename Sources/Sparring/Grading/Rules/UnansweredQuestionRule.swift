/// Answer every question the customer asked.
public struct UnansweredQuestionRule: ConversationRule {
    public static let id = "unanswered-question"
    public static let severity = Severity.major
    public static let needsCase = true

    static let waiting = ExampleSetup(questions: [("wait", ["ждать ... не нуж*", "звон* ... не нуж*|будет", "wait|call ... not|n't|no ... need*", "no need to wait", "won't need"])],
                                      conversation: Conversation(turn: 1))

    static let price = ExampleSetup(typed: [("price", [], .amount, ["cost*|price*|total|comes|pay*|стоит|стоимость|цен*|обойд*"])],
                                    conversation: Conversation(turn: 1))
    static let nothingElse = ExampleSetup(typed: [("else", ["nothing-needed"], nil, [])], conversation: Conversation(turn: 1))

    public static let examples: [RuleExample] = [
        RuleExample("Hello! That comes to €40 in total.", .en, triggers: false, price),
        // a short question heading lends its topic to the answer after it
        RuleExample("Hello! What does it cost? €40, all in.", .en, triggers: false, price),
        RuleExample("Здравствуйте! Какая стоимость? 2 400 ₽ за всё.", .ru, triggers: false, price),
        RuleExample("Hello! What is the price you were quoted? Tell me and I'll check.", .en, triggers: true, price),
        // a reply in another language is wrong-language's finding; its questions are not counted again
        RuleExample("Hello! Your booking is confirmed.", .ru, triggers: false, waiting),
        RuleExample("Здравствуйте! Ваша запись подтверждена.", .en, triggers: false, waiting),
        RuleExample("Hello! How much were you hoping to pay?", .en, triggers: true, price),
        RuleExample("Здравствуйте! Всё вместе обойдётся в 2 400 ₽.", .ru, triggers: false, price),
        RuleExample("Hello! Nothing more is needed on your side.", .en, triggers: false, nothingElse),
        RuleExample("Здравствуйте! С вашей стороны больше ничего не нужно.", .ru, triggers: false, nothingElse),
        RuleExample("Здравствуйте! Заявка у нас.", .ru, triggers: true, nothingElse),
        RuleExample("Здравствуйте! Ваша запись подтверждена.", .ru, triggers: true, waiting),
        RuleExample("Здравствуйте! Ваша запись подтверждена, звонка ждать не нужно.", .ru, triggers: false, waiting),
        RuleExample("Hello! Your booking is confirmed.", .en, triggers: true, waiting),
        RuleExample("Hello! Your booking is confirmed, so there is no need to wait for a call.", .en, triggers: false, waiting),
    ]

    public init() {}

    public func settle(_ context: OwedContext) -> [Finding] {
        // answers the customer cannot read are wrong-language's one finding, not a second one per question
        guard let caseFile = context.caseFile, !context.conversation.wroteOtherLanguage else { return [] }
        return caseFile.questions
            .filter { !context.conversation.answered.contains($0.id) }
            .map { question in context.finding(self, evidence: [question.text], values: ["question": question.text]) }
    }
}
