import Foundation

/// Why the progress database cannot be used, in full sentences that say what to do. The file is never
/// changed, moved or deleted: it may hold progress someone can still recover.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database records a migration this version does not have.
    case newer(path: String, migration: String)
    /// The file is not an SQLite database, or some of its pages are damaged.
    case corrupt(path: String, detail: String)
    /// Merged rows name a trainee or an attempt that is neither among them nor kept here.
    case orphan(kind: String, id: String, parent: String)

    public var description: String {
        switch self {
        case .newer(let path, let migration):
            return "the progress database \(path) was written by a newer Sparring (migration \(migration)); "
                + "upgrade Sparring, or pass --data-dir DIR to keep this version's progress in another folder"
        case .corrupt(let path, let detail):
            return "the progress database \(path) is corrupt (\(detail)); it was left as it is. "
                + "To start a fresh one beside it, pass --data-dir DIR, "
                + "or move the file away (mv \(path) \(path).corrupt) and Sparring starts a new one there"
        case .orphan(let kind, let id, let parent):
            return "the \(kind) \(id) belongs to \(parent), which is neither in the file nor kept here; "
                + "import the whole export (sparring export without --since) from the machine it came from"
        }
    }
}
