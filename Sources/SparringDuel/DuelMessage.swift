import Foundation
import Sparring

/// The duel protocol: newline-delimited JSON objects, each with `v` (the protocol version) and `type`.
/// Version 2: the player sends the trainee's lines, the host grades them and sends back what to show.
public struct DuelMessage: Codable, Sendable, Equatable {
    public static let version = 2
    /// Longest line the host accepts; longer ones are refused and the connection closed.
    public static let maximumLineLength = 16_384
    /// Longest line a player accepts from a host: far more than any scoreboard or reply can need.
    public static let maximumHostLineLength = 1 << 22

    public enum Kind: String, Codable, Sendable {
        /// player → host: `code`, `name`, and `token` to rejoin as the same player
        case join
        /// host → player: `caseId`, `lang`, `seed`, `name`, `token`, `duel`, `result`, and `events`
        /// (the conversation so far: the opening, or everything shown before a rejoin)
        case welcome
        /// player → host: `text`, one line the trainee typed (a reply or a slash command)
        case line
        /// host → player, one for each `line`: `events`, `result` (the player's own, after this line),
        /// `rank` and `players`, and `debrief` once the player's case has ended
        case reply
        /// host → everyone: `results`; with `final` the duel is over: `reason`, and the player's `debrief`
        case scoreboard
        /// either way: `message`; the host closes the connection after an error about joining
        case error
    }

    public var v = DuelMessage.version
    public var type: Kind
    public var code: String?
    public var name: String?
    public var token: String?
    public var duel: String?
    public var caseId: String?
    public var lang: String?
    public var seed: UInt64?
    public var text: String?
    public var events: [DuelEvent]?
    public var result: DuelResult?
    public var rank: Int?
    public var players: Int?
    public var results: [DuelResult]?
    public var final: Bool?
    /// Why the duel ended: `finished` (everyone is done) or `host-ended`.
    public var reason: String?
    public var debrief: DuelDebrief?
    public var message: String?

    public init(
        type: Kind, code: String? = nil, name: String? = nil, token: String? = nil, duel: String? = nil,
        caseId: String? = nil, lang: String? = nil, seed: UInt64? = nil, text: String? = nil,
        events: [DuelEvent]? = nil, result: DuelResult? = nil, rank: Int? = nil, players: Int? = nil,
        results: [DuelResult]? = nil, final: Bool? = nil, reason: String? = nil, debrief: DuelDebrief? = nil,
        message: String? = nil
    ) {
        self.type = type
        self.code = code
        self.name = name
        self.token = token
        self.duel = duel
        self.caseId = caseId
        self.lang = lang
        self.seed = seed
        self.text = text
        self.events = events
        self.result = result
        self.rank = rank
        self.players = players
        self.results = results
        self.final = final
        self.reason = reason
        self.debrief = debrief
        self.message = message
    }

    public static func error(_ message: String) -> DuelMessage { DuelMessage(type: .error, message: message) }

    /// One line of JSON, without the newline.
    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? #"{"type":"error","v":2}"#
    }

    private struct Envelope: Decodable {
        var v: Int?
        var type: String?
    }

    /// Parses one line; the error says what is wrong in a sentence fit to send back.
    public static func decode(_ line: String) -> Result<DuelMessage, DuelProtocolError> {
        let data = Data(line.utf8)
        // the common case parses once; a line that fails is parsed again only to say why
        if let message = try? JSONDecoder().decode(DuelMessage.self, from: data), message.v == version {
            return .success(message)
        }
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any],
            let envelope = try? JSONDecoder().decode(Envelope.self, from: data)
        else {
            return .failure(DuelProtocolError("that line is not a JSON object; send one JSON object per line"))
        }
        guard envelope.v == version else {
            return .failure(
                DuelProtocolError(
                    "protocol version \(envelope.v.map(String.init) ?? "(none)") is not supported; "
                        + "this side speaks version \(version): update Sparring on both machines"))
        }
        guard let message = try? JSONDecoder().decode(DuelMessage.self, from: data) else {
            return .failure(
                DuelProtocolError(
                    "that message has no known 'type' or a field of the wrong kind; "
                        + "a player sends join, then line"))
        }
        return .success(message)
    }
}

public struct DuelProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
