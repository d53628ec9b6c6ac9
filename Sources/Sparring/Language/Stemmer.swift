import CStemmer
import Foundation

/// Snowball stems for one language. The C handle is not thread-safe, so calls are serialised.
final class Stemmer: @unchecked Sendable {
    private let lock = NSLock()
    private let handle: OpaquePointer?
    private var cache: [String: String] = [:]

    init(_ language: Language) {
        handle = sb_stemmer_new(language.snowballName, "UTF_8")
    }

    deinit {
        if let handle { sb_stemmer_delete(handle) }
    }

    /// The stem of an already lower-cased, ё-folded word.
    func stem(_ word: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[word] { return cached }
        guard let handle else { return word }
        var utf8 = Array(word.utf8)
        let result: String = utf8.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress,
                  let out = sb_stemmer_stem(handle, base, Int32(buffer.count)) else { return word }
            let length = Int(sb_stemmer_length(handle))
            return String(decoding: UnsafeBufferPointer(start: out, count: length), as: UTF8.self)
        }
        if cache.count < 100_000 { cache[word] = result }
        return result
    }
}
