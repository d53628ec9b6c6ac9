import Foundation
import Sparring

/// A trainee as the team sees them: the same id on every machine and in the team store, so two trainees
/// called Anna on two laptops stay two people.
public struct TeamProfile: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var team: String?
    public var language: String
    public var createdAt: Date

    public init(id: String, name: String, team: String?, language: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.team = team
        self.language = language
        self.createdAt = createdAt
    }
}

/// One attempt as the team sees it, naming its trainee by id.
public struct TeamAttempt: Codable, Sendable, Equatable {
    public var id: String
    public var profileId: String
    public var caseId: String
    public var language: String
    public var moduleId: String?
    public var seed: Int64
    public var hintsAllowed: Bool
    public var startedAt: Date
    public var finishedAt: Date?
    public var outcome: String?
    public var score: Int?
    public var passed: Bool?

    public init(id: String, profileId: String, caseId: String, language: String, moduleId: String?, seed: Int64,
                hintsAllowed: Bool, startedAt: Date, finishedAt: Date?, outcome: String?, score: Int?, passed: Bool?) {
        self.id = id
        self.profileId = profileId
        self.caseId = caseId
        self.language = language
        self.moduleId = moduleId
        self.seed = seed
        self.hintsAllowed = hintsAllowed
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.score = score
        self.passed = passed
    }

    /// Finished for good: a result the course and the report count (a quit attempt counts for neither).
    public var counted: Bool { finishedAt != nil && outcome != "quit" && score != nil }
}

/// One turn as the team sees it, naming its attempt by id; findings keep their rule ids and evidence.
public struct TeamTurn: Codable, Sendable, Equatable {
    public var id: String
    public var attemptId: String
    public var number: Int
    public var kind: String
    public var input: String
    public var findings: [FindingRecord]
    public var penalty: Int
    public var createdAt: Date

    public init(id: String, attemptId: String, number: Int, kind: String, input: String, findings: [FindingRecord],
                penalty: Int, createdAt: Date) {
        self.id = id
        self.attemptId = attemptId
        self.number = number
        self.kind = kind
        self.input = input
        self.findings = findings
        self.penalty = penalty
        self.createdAt = createdAt
    }
}

/// Rows on their way between stores: an outbox batch, an export, what a report reads.
public struct TeamRows: Sendable, Equatable {
    public var profiles: [TeamProfile] = []
    public var attempts: [TeamAttempt] = []
    public var turns: [TeamTurn] = []

    public init(profiles: [TeamProfile] = [], attempts: [TeamAttempt] = [], turns: [TeamTurn] = []) {
        self.profiles = profiles
        self.attempts = attempts
        self.turns = turns
    }

    public var isEmpty: Bool { profiles.isEmpty && attempts.isEmpty && turns.isEmpty }

    /// Only what a trainer asked for: the profiles named (all when empty), attempts started on or after
    /// `since` and before `until`, in `module` when given; a profile stays only with an attempt left.
    public func filtered(profiles names: [String] = [], since: Date? = nil, until: Date? = nil,
                         module: String? = nil) -> TeamRows {
        let wanted = profiles.filter { names.isEmpty || names.contains($0.name) || names.contains($0.id) }
        let ids = Set(wanted.map(\.id))
        let attempts = attempts.filter { attempt in
            ids.contains(attempt.profileId) && since.map { attempt.startedAt >= $0 } != false
                && until.map { attempt.startedAt < $0 } != false && module.map { attempt.moduleId == $0 } != false
        }
        let attemptIds = Set(attempts.map(\.id))
        let narrowed = since != nil || until != nil || module != nil
        let kept = narrowed ? Set(attempts.map(\.profileId)) : ids
        return TeamRows(profiles: wanted.filter { kept.contains($0.id) }, attempts: attempts,
                        turns: turns.filter { attemptIds.contains($0.attemptId) })
    }
}

/// What an import or a sync did, for the trainer.
public struct MergeCount: Sendable, Equatable, Codable {
    public var profiles = 0
    public var attempts = 0
    public var turns = 0

    public init(profiles: Int = 0, attempts: Int = 0, turns: Int = 0) {
        self.profiles = profiles
        self.attempts = attempts
        self.turns = turns
    }

    public static func + (left: MergeCount, right: MergeCount) -> MergeCount {
        MergeCount(profiles: left.profiles + right.profiles, attempts: left.attempts + right.attempts,
                   turns: left.turns + right.turns)
    }
}
