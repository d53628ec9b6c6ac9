/// An upset customer first needs to hear that they were heard.
public struct MissingEmpathyRule: ConversationRule {
    public static let id = "missing-empathy"
    public static let severity = Severity.minor
    public static let needsCase = true
    /// An upset customer needs to hear it before anything is asked of them.
    public static let waits = OwedWait.never

    public static let examples: [RuleExample] = [
        RuleExample("Выписку выдают в отделении.", .ru, triggers: true, ExampleSetup(fault: .policy, mood: .angry)),
        RuleExample("Понимаю, как неприятно тратить время на поездку. Выписку выдают в отделении, потому что в ней данные счёта.",
                    .ru, triggers: false, ExampleSetup(fault: .policy, mood: .angry)),
        RuleExample("Statements are issued at a branch.", .en, triggers: true, ExampleSetup(fault: .policy, mood: .angry)),
        RuleExample("That sounds frustrating, I'm sorry to hear it. Statements are issued at a branch because they hold account data.",
                    .en, triggers: false, ExampleSetup(fault: .policy, mood: .angry)),
    ]

    public init() {}

    public func settle(_ context: OwedContext) -> [Finding] {
        guard let caseFile = context.caseFile, caseFile.persona.mood.wantsEmpathy,
              !context.conversation.empathised, !context.conversation.apologised else { return [] }
        return [context.finding(self, evidence: [], values: ["mood": context.catalog.text("mood.\(caseFile.persona.mood.rawValue)", context.language)])]
    }
}
