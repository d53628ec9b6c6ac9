/// Every rule, in the order the debrief lists them: the five deadly mistakes first.
public enum RuleCatalog {
    public static let all: [any Rule] = [
        AlreadyGivenRule(), LookItUpRule(), AssumedMeaningRule(), NotEscalatedRule(), NotMyJobRule(),
        MissingApologyRule(), NeedlessApologyRule(), RepeatedApologyRule(), MissingEmpathyRule(),
        UnansweredQuestionRule(), NoGreetingRule(), WrongLanguageRule(), SloppyWritingRule(), ChannelPushRule(),
        CannedPhraseRule(), NoAlternativeRule(),
    ]

    /// The stable ids: they appear in case files, JSON output and the database. Never rename one.
    public static let ids: [String] = all.map { type(of: $0).id }

    public static func rule(_ id: String) -> (any Rule)? { all.first { type(of: $0).id == id } }

    public static func severity(of id: String) -> Severity { rule(id).map { type(of: $0).severity } ?? .minor }

    public static func order(of id: String) -> Int { ids.firstIndex(of: id) ?? ids.count }
}
