import Foundation

/// Interned words: stems, forms and dictionary forms compared as numbers, not as Unicode strings,
/// which keeps lexicon matching off the string-comparison hot path.
final class Symbols: @unchecked Sendable {
    static let shared = Symbols()
    private let lock = NSLock()
    private var ids: [[UInt8]: Int32] = [:]
    private var texts: [String] = []

    func id(_ text: String) -> Int32 {
        let key = Array(text.utf8)
        lock.lock()
        defer { lock.unlock() }
        if let known = ids[key] { return known }
        let next = Int32(ids.count)
        ids[key] = next
        texts.append(text)
        return next
    }

    /// The text an id stands for.
    func text(_ id: Int32) -> String {
        lock.lock()
        defer { lock.unlock() }
        return texts[Int(id)]
    }
}
