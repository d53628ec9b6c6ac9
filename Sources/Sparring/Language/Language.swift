/// A language Sparring speaks: cases, lessons, lexicons and its own words exist for each.
public enum Language: String, CaseIterable, Sendable, Codable {
    case ru, en

    /// The Snowball algorithm name for this language (`snowball` in its language.txt).
    var snowballName: String { LanguageFacts.of(self).snowball }

    /// Parses a language's code or one of its names (`names` in its language.txt), case-insensitively.
    public init?(code: String) {
        let folded = code.lowercased()
        guard let found = Language.allCases.first(where: { LanguageFacts.of($0).names.contains(folded) }) else {
            return nil
        }
        self = found
    }
}
