import Foundation
import GRDB
import Sparring

/// A trainee on this machine.
public struct Profile: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "profile"
    public var id: Int64?
    public var name: String
    public var language: String
    public var createdAt: Date
    /// The trainee's id everywhere, stable across machines and the team store (added by v3-team-identity).
    public var uuid: String = Store.newUUID()
    /// The team the trainee belongs to, as the trainer named it.
    public var team: String?
    /// The team store this profile's progress also goes to (a postgres:// URL), when set.
    public var teamDatabase: String?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One play of one case by one trainee.
public struct Attempt: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "attempt"
    public var id: Int64?
    public var profileId: Int64
    public var caseId: String
    public var caseLanguage: String
    public var seed: Int64
    public var startedAt: Date
    public var finishedAt: Date?
    public var outcome: String?
    public var score: Int?
    public var passed: Bool?
    /// The course module the attempt was played in, if any (added by migration v2).
    public var moduleId: String?
    public var hintsAllowed: Bool
    /// The networked duel the attempt was played in, on the host's store (added by migration v3-duel-id).
    public var duelId: String? = nil
    /// The attempt's id everywhere, stable across machines and the team store (added by v3-team-identity).
    public var uuid: String = Store.newUUID()

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One trainee action in an attempt, committed as soon as it is played.
public struct Turn: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "turn"
    public var id: Int64?
    public var attemptId: Int64
    public var number: Int
    public var kind: String
    public var input: String
    public var findings: String
    public var penalty: Int
    public var createdAt: Date
    /// The turn's id everywhere, stable across machines and the team store (added by v3-team-identity).
    public var uuid: String = Store.newUUID()
    /// What the trainee was shown after the turn (the customer's lines, records, notices), as events in
    /// JSON; nil for turns played before v4-findings-as-ids.
    public var shown: String? = nil
    /// The session's state after the turn (`Session.Snapshot` in JSON); nil for turns played before v4.
    public var state: String? = nil

    public init(id: Int64?, attemptId: Int64, number: Int, kind: String, input: String, findings: String,
                penalty: Int, createdAt: Date, uuid: String = Store.newUUID(), shown: String? = nil,
                state: String? = nil) {
        self.id = id
        self.attemptId = attemptId
        self.number = number
        self.kind = kind
        self.input = input
        self.findings = findings
        self.penalty = penalty
        self.createdAt = createdAt
        self.uuid = uuid
        self.shown = shown
        self.state = state
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The findings, decoded from their JSON column (ids and arguments; the form before v4 reads too).
    public var decodedFindings: [FindingRecord] {
        (try? JSONDecoder().decode([FindingRecord].self, from: Data(findings.utf8))) ?? []
    }

    /// What was shown after the turn, nil when it was not kept.
    public var decodedShown: [DuelEvent]? {
        shown.flatMap { try? JSONDecoder().decode([DuelEvent].self, from: Data($0.utf8)) }
    }

    /// The session's state after the turn, nil when it was not kept.
    public var decodedState: Session.Snapshot? {
        state.flatMap { try? JSONDecoder().decode(Session.Snapshot.self, from: Data($0.utf8)) }
    }
}
