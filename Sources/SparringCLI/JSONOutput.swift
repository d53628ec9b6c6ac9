import Foundation
import SparringStore

/// Every command's JSON goes through one encoder: sorted keys, slashes as they are, times in ISO 8601 (UTC,
/// milliseconds, as exports write them), absent values as null where a type says so (`Nullable`).
enum JSONOutput {
    static func encoder(pretty: Bool = false) -> JSONEncoder { ExportDocument.encoder(pretty: pretty) }

    /// One value as one JSON text: a line (`grade --batch` streams them), or pretty for a trainer's reading.
    static func line<Value: Encodable>(_ value: Value, pretty: Bool = false) throws -> String {
        String(decoding: try encoder(pretty: pretty).encode(value), as: UTF8.self)
    }

    static func print<Value: Encodable>(_ value: Value, pretty: Bool = false) throws {
        Swift.print(try line(value, pretty: pretty))
    }
}

/// An optional that encodes as `null` when absent, as the JSON of a report should keep every key.
struct Nullable<Wrapped: Encodable>: Encodable {
    let value: Wrapped?
    init(_ value: Wrapped?) { self.value = value }
    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}
