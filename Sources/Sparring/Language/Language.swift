/// A language Sparring speaks: cases, lessons, lexicons and its own words exist for each.
public enum Language: String, CaseIterable, Sendable, Codable {
    case ru, en

    /// The Snowball algorithm name for this language.
    var snowballName: String {
        switch self {
        case .ru: return "russian"
        case .en: return "english"
        }
    }

    /// Parses `ru`/`en` (and their long names), case-insensitively.
    public init?(code: String) {
        switch code.lowercased() {
        case "ru", "rus", "russian", "русский": self = .ru
        case "en", "eng", "english": self = .en
        default: return nil
        }
    }
}
