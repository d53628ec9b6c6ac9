import Foundation
import Sparring

/// The export file (`sparring export`, read back by `sparring import`): typed JSON, times in ISO 8601
/// (UTC), every row with its stable id. Version 2 keeps findings as ids and arguments (`FindingRecord`);
/// version 1, whose findings were sentences, is still read. A reader refuses a version it does not know.
public struct ExportDocument: Codable, Sendable, Equatable {
    public static let formatName = "sparring-export"
    public static let currentVersion = 2
    /// The versions this Sparring imports.
    public static let readableVersions = 1...2

    public var format = ExportDocument.formatName
    public var version = ExportDocument.currentVersion
    public var exportedAt: Date
    public var profiles: [Trainee]

    public struct Trainee: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var team: String?
        public var language: String
        public var createdAt: Date
        public var attempts: [Play]
    }

    public struct Play: Codable, Sendable, Equatable {
        public var id: String
        public var `case`: String
        public var language: String
        public var module: String?
        public var seed: Int64
        public var hintsAllowed: Bool
        public var startedAt: Date
        public var finishedAt: Date?
        /// From start to finish, in whole seconds; nil while unfinished.
        public var durationSeconds: Int?
        /// resolved, walked-away, quit; nil while unfinished.
        public var outcome: String?
        public var score: Int?
        public var passed: Bool?
        public var turns: [Step]
    }

    public struct Step: Codable, Sendable, Equatable {
        public var id: String
        public var number: Int
        /// reply, lookup, escalate or hint.
        public var kind: String
        public var input: String
        public var at: Date
        public var penalty: Int
        /// The rule ids of the findings, in order, for a quick look.
        public var rules: [String]
        public var findings: [FindingRecord]
    }

    public init(rows: TeamRows, exportedAt: Date = Date()) {
        self.exportedAt = exportedAt
        let turns = Dictionary(grouping: rows.turns, by: \.attemptId)
        let attempts = Dictionary(grouping: rows.attempts, by: \.profileId)
        profiles = rows.profiles.map { profile in
            Trainee(id: profile.id, name: profile.name, team: profile.team, language: profile.language,
                    createdAt: profile.createdAt, attempts: (attempts[profile.id] ?? []).map { attempt in
                let steps = (turns[attempt.id] ?? []).sorted { $0.number < $1.number }.map {
                    Step(id: $0.id, number: $0.number, kind: $0.kind, input: $0.input, at: $0.createdAt,
                         penalty: $0.penalty, rules: $0.findings.map(\.rule), findings: $0.findings)
                }
                return Play(id: attempt.id, case: attempt.caseId, language: attempt.language, module: attempt.moduleId,
                            seed: attempt.seed, hintsAllowed: attempt.hintsAllowed, startedAt: attempt.startedAt,
                            finishedAt: attempt.finishedAt,
                            durationSeconds: attempt.finishedAt.map { Int($0.timeIntervalSince(attempt.startedAt).rounded()) },
                            outcome: attempt.outcome, score: attempt.score, passed: attempt.passed, turns: steps)
            })
        }
    }

    /// The rows again, for merging into a store.
    public var rows: TeamRows {
        var rows = TeamRows()
        for trainee in profiles {
            rows.profiles.append(TeamProfile(id: trainee.id, name: trainee.name, team: trainee.team,
                                             language: trainee.language, createdAt: trainee.createdAt))
            for play in trainee.attempts {
                rows.attempts.append(TeamAttempt(
                    id: play.id, profileId: trainee.id, caseId: play.case, language: play.language, moduleId: play.module,
                    seed: play.seed, hintsAllowed: play.hintsAllowed, startedAt: play.startedAt,
                    finishedAt: play.finishedAt, outcome: play.outcome, score: play.score, passed: play.passed))
                rows.turns += play.turns.map {
                    TeamTurn(id: $0.id, attemptId: play.id, number: $0.number, kind: $0.kind, input: $0.input,
                             findings: $0.findings, penalty: $0.penalty, createdAt: $0.at)
                }
            }
        }
        return rows
    }

    public func encoded() throws -> Data {
        try Self.encoder(pretty: true).encode(self)
    }

    /// The one JSON encoder of Sparring: what the store keeps, exports and every command's JSON. Sorted
    /// keys (the same value gives the same text), slashes as they are, times as `timestamp` writes them.
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(timestamp(date))
        }
        return encoder
    }

    /// Reads an export; the error says what is wrong with the file in a sentence.
    public static func decode(_ data: Data, path: String) throws -> ExportDocument {
        struct Header: Decodable { let format: String?; let version: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw ExportError("export.not-json", ["path": path])
        }
        guard header.format == formatName else {
            // a missing format is said in the reader's language; one that is there is quoted as it is
            throw ExportError("export.wrong-format", ["path": path],
                              terms: header.format == nil ? ["format": "export.format-missing"] : [:],
                              extra: header.format.map { ["format": "'\($0)'"] } ?? [:])
        }
        guard let version = header.version, readableVersions.contains(version) else {
            throw ExportError("export.wrong-version", ["path": path, "version": header.version.map(String.init) ?? "?",
                                                       "oldest": String(readableVersions.lowerBound),
                                                       "newest": String(readableVersions.upperBound)])
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = Self.date(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                        debugDescription: "'\(text)' is not an ISO 8601 time"))
            }
            return date
        }
        do {
            return try decoder.decode(ExportDocument.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ExportError("export.field-missing", ["path": path, "field": Self.where(context.codingPath + [key])])
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
                let DecodingError.dataCorrupted(context) {
            throw ExportError("export.field-wrong", ["path": path, "field": Self.where(context.codingPath),
                                                     "detail": context.debugDescription])
        }
    }

    private static func `where`(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
    }

    /// `2026-12-02T18:55:21.123Z`: UTC with milliseconds, so a turn's order survives the round trip.
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// An ISO 8601 time with or without fractions and offset, or a plain date (midnight UTC).
    public static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)
    }
}

/// A file that cannot be imported, said in a full sentence: a catalogue key and its values, so the command
/// line says it in the user's language; `terms` are values that are themselves catalogue keys.
public struct ExportError: Error, CustomStringConvertible, Sendable {
    public let key: String
    public let values: [String: String]
    public let terms: [String: String]

    public init(_ key: String, _ values: [String: String] = [:], terms: [String: String] = [:],
                extra: [String: String] = [:]) {
        self.key = key
        self.values = values.merging(extra) { $1 }
        self.terms = terms
    }

    /// The sentence in `language`.
    public func text(_ catalog: Catalog, _ language: Language) -> String {
        catalog.text(key, language, values.merging(terms.mapValues { catalog.text($0, language) }) { $1 })
    }

    /// The sentence in English, for logs and for callers without a language.
    public var description: String { Store.catalog.map { text($0, .en) } ?? key }
}
