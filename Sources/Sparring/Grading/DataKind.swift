/// A kind of data a reply can ask the customer for; case files name facts by these kinds.
public enum DataKind: String, CaseIterable, Codable, Sendable, Comparable {
    case phone, email, company, account, ticket, order, screenshot, link, other

    /// The kinds the grader recognises in a request (everything but `other`).
    public static let requestable: [DataKind] = allCases.filter { $0 != .other }

    public static func < (lhs: DataKind, rhs: DataKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
