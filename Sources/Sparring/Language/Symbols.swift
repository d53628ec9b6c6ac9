import Foundation

/// Interned words: stems, forms and dictionary forms compared as numbers, not as Unicode strings,
/// which keeps lexicon matching off the string-comparison hot path.
final class Symbols: @unchecked Sendable {
    static let shared = Symbols()
    private let lock = NSLock()
    private var ids: [Key: Int32] = [:]
    private var texts: [String] = []

    /// A string hashed and compared by its UTF-8 bytes, in place: no copy, and none of the Unicode
    /// normalisation that `String`'s own hashing does for Cyrillic. Folded words are compared as bytes anyway.
    struct Key: Hashable, Sendable {
        var text: String

        init(_ text: String) {
            self.text = text
            // a bridged or shared string is made native once, so that its bytes are contiguous
            self.text.makeContiguousUTF8()
        }

        func hash(into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }

        static func == (lhs: Key, rhs: Key) -> Bool {
            var left = lhs.text, right = rhs.text
            return left.withUTF8 { a in right.withUTF8 { b in a.count == b.count && a.elementsEqual(b) } }
        }
    }

    func id(_ text: String) -> Int32 {
        let key = Key(text)
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
