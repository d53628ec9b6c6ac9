/// Never apologise for policy or before the situation is clear: show empathy instead.
public struct NeedlessApologyRule: Rule {
    public static let id = "needless-apology"
    public static let severity = Severity.major
    public static let needsCase = true

    public static let examples: [RuleExample] = [
        RuleExample("Приносим извинения, но по правилам банка выписку можно получить только в отделении.", .ru, triggers: true,
                    ExampleSetup(fault: .policy)),
        RuleExample("Понимаю, как это неудобно. Выписку мы выдаём в отделении, потому что она содержит данные счёта.", .ru,
                    triggers: false, ExampleSetup(fault: .policy)),
        RuleExample("We apologize, but statements are only issued at a branch.", .en, triggers: true, ExampleSetup(fault: .policy)),
        RuleExample("I understand how inconvenient that is. Statements are issued at a branch because they contain account data.",
                    .en, triggers: false, ExampleSetup(fault: .policy)),
    ]

    public init() {}

    public func check(_ context: RuleContext) -> [Finding] {
        guard let caseFile = context.caseFile, let evidence = context.report.apologies.first else { return [] }
        let needless: Bool
        switch caseFile.fault {
        case .company: needless = false
        case .policy, .customer, .none: needless = true
        case .unclear: needless = caseFile.ambiguity == nil || !context.conversation.revealed
        }
        guard needless else { return [] }
        return [context.finding(self, evidence: [context.quote(evidence)],
                                values: ["quote": evidence.quote, "fault": context.catalog.text("fault.\(caseFile.fault.rawValue)", context.language)])]
    }
}
