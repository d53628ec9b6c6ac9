/// Capital letters, spaces and spelling matter: sloppiness undermines trust.
public struct SloppyWritingRule: Rule {
    public static let id = "sloppy-writing"
    public static let severity = Severity.minor
    public static let needsCase = false

    public static let examples: [RuleExample] = [
        // after an ellipsis the sentence runs on in small letters
        RuleExample("Now, the green one... good taste, bad timing, I'm afraid.", .en, triggers: false),
        RuleExample("Зелёного сейчас нет… зато на Гагарина есть синий.", .ru, triggers: false),
        RuleExample("здравствуйте,ваш заказ уже в пути.", .ru, triggers: true),
        RuleExample("Здравствуйте! Ваш заказ уже в пути, курьер будет к 19:00.", .ru, triggers: false),
        RuleExample("We CANNOT refund this.  Please undrestand.", .en, triggers: true),
        RuleExample("Hello! Your order is on its way and will arrive by 7 pm.", .en, triggers: false),
        RuleExample("Hello! I've checked the shou puer page you sent.", .en, triggers: false,
                    ExampleSetup(opening: "The shou puer page has no cart button.")),
    ]

    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        // a word spelt (or shouted: "URGENT") as the customer or our records have it is theirs
        let vocabulary = context.caseFile?.vocabulary ?? []
        let defects = context.report.defects.filter { defect in
            ![.misspelling, .shouting].contains(defect.kind) || !vocabulary.contains(Tokenizer.fold(defect.evidence.quote))
        }
        guard !defects.isEmpty else { return [] }
        let described = defects.prefix(3).map { defect in
            "\(context.catalog.text("defect.\(defect.kind.rawValue)", context.language)): «\(defect.evidence.quote)»"
                + (defect.kind == .misspelling ? defect.evidence.note.map { " → \($0)" } ?? "" : "")
        }
        return [context.finding(self, evidence: described, values: ["quote": defects[0].evidence.quote])]
    }
}
