import Foundation
import Sparring

/// The duel protocol: newline-delimited JSON objects, each with `v` (the protocol version) and `type`.
public struct DuelMessage: Codable, Sendable, Equatable {
    public static let version = 1
    /// Longest line either side accepts; longer ones are refused and the connection closed.
    public static let maximumLineLength = 16_384
    public static let maximumNameLength = 32

    public enum Kind: String, Codable, Sendable {
        /// player → host: `code`, `name`
        case join
        /// host → player: `caseId`, `lang`, `seed`, and `result` when a player rejoins
        case welcome
        /// player → host: `result` after each graded reply
        case turn
        /// host → player: the sender's turn was recorded (`turn` = replies so far)
        case ack
        /// host → everyone: `results`, and `final` at the end
        case scoreboard
        /// either way: `message`; the host closes the connection after an error about joining
        case error
    }

    public var v = DuelMessage.version
    public var type: Kind
    public var code: String?
    public var name: String?
    public var caseId: String?
    public var lang: String?
    public var seed: UInt64?
    public var result: DuelResult?
    public var results: [DuelResult]?
    public var final: Bool?
    public var turn: Int?
    public var message: String?

    public init(type: Kind, code: String? = nil, name: String? = nil, caseId: String? = nil, lang: String? = nil, seed: UInt64? = nil,
                result: DuelResult? = nil, results: [DuelResult]? = nil, final: Bool? = nil, turn: Int? = nil, message: String? = nil) {
        self.type = type
        self.code = code
        self.name = name
        self.caseId = caseId
        self.lang = lang
        self.seed = seed
        self.result = result
        self.results = results
        self.final = final
        self.turn = turn
        self.message = message
    }

    public static func error(_ message: String) -> DuelMessage { DuelMessage(type: .error, message: message) }

    /// One line of JSON, without the newline.
    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? #"{"type":"error","v":1}"#
    }

    /// Parses one line; the error says what is wrong in a sentence fit to send back.
    public static func decode(_ line: String) -> Result<DuelMessage, DuelProtocolError> {
        guard let data = line.data(using: .utf8), (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            return .failure(DuelProtocolError("that line is not a JSON object; send one JSON object per line"))
        }
        guard let message = try? JSONDecoder().decode(DuelMessage.self, from: data) else {
            return .failure(DuelProtocolError("that message has no known 'type'; use join or turn"))
        }
        guard message.v == version else {
            return .failure(DuelProtocolError("protocol version \(message.v) is not supported; this host speaks version \(version)"))
        }
        return .success(message)
    }
}

public struct DuelProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
