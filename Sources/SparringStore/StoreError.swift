import Foundation
import Sparring

/// Why the progress database cannot be used, in full sentences that say what to do. The file is never
/// changed, moved or deleted: it may hold progress someone can still recover.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database records a migration this version does not have.
    case newer(path: String, migration: String)
    /// The file is not an SQLite database, or some of its pages are damaged.
    case corrupt(path: String, detail: String)
    /// Merged rows name a trainee or an attempt that is neither among them nor kept here.
    case orphan(kind: String, id: String, parent: String)

    /// The catalogue key of the sentence, and its values: the command line says it in the user's language.
    public var key: String {
        switch self {
        case .newer: return "store.newer"
        case .corrupt: return "store.corrupt"
        case .orphan(let kind, _, _): return "store.orphan.\(kind)"
        }
    }

    public var values: [String: String] {
        switch self {
        case .newer(let path, let migration): return ["path": path, "migration": migration]
        case .corrupt(let path, let detail): return ["path": path, "detail": detail]
        case .orphan(_, let id, let parent): return ["id": id, "parent": parent]
        }
    }

    /// The sentence in English, for logs and for callers without a language.
    public var description: String { Store.catalog?.text(key, .en, values) ?? key }
}
