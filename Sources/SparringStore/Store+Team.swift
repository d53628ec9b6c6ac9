import Foundation
import GRDB
import Sparring

/// The team side of the local store: stable ids, the outbox of rows the team store has not confirmed,
/// and merging rows that came from other machines.
extension Store {
    enum OutboxEntity: String { case profile, attempt, turn }

    /// A new id for a profile, attempt or turn: lower-case, as PostgreSQL prints its uuids.
    public static func newUUID() -> String { UUID().uuidString.lowercased() }

    /// v3-team-identity: every profile, attempt and turn gets its stable id, a profile its team, and
    /// every row already kept waits in the outbox for the team store.
    static func teamIdentity(_ db: Database) throws {
        try db.alter(table: "profile") { table in
            table.add(column: "uuid", .text)
            table.add(column: "team", .text)
            table.add(column: "teamDatabase", .text)
        }
        try db.alter(table: "attempt") { table in table.add(column: "uuid", .text) }
        try db.alter(table: "turn") { table in table.add(column: "uuid", .text) }
        for table in ["profile", "attempt", "turn"] {
            for id in try Int64.fetchAll(db, sql: "SELECT id FROM \(table)") {
                try db.execute(sql: "UPDATE \(table) SET uuid = ? WHERE id = ?", arguments: [newUUID(), id])
            }
            try db.create(index: "\(table)_uuid", on: table, columns: ["uuid"], options: .unique)
        }
        try db.create(table: "teamOutbox") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("entity", .text).notNull()
            table.column("rowId", .integer).notNull()
            table.column("profileId", .integer).notNull()
        }
        try db.execute(sql: """
            INSERT INTO teamOutbox (entity, rowId, profileId) SELECT 'profile', id, id FROM profile;
            INSERT INTO teamOutbox (entity, rowId, profileId) SELECT 'attempt', id, profileId FROM attempt;
            INSERT INTO teamOutbox (entity, rowId, profileId)
                SELECT 'turn', turn.id, attempt.profileId FROM turn JOIN attempt ON attempt.id = turn.attemptId;
            """)
    }

    /// Puts a changed row in the outbox, in the transaction that changed it: the team store hears of
    /// every committed change, however the process ends afterwards.
    static func enqueue(_ db: Database, _ entity: OutboxEntity, rowId: Int64) throws {
        let owner: String
        switch entity {
        case .profile: owner = "SELECT ?"
        case .attempt: owner = "SELECT profileId FROM attempt WHERE id = ?"
        case .turn: owner = "SELECT attempt.profileId FROM turn JOIN attempt ON attempt.id = turn.attemptId WHERE turn.id = ?"
        }
        try db.execute(sql: "INSERT INTO teamOutbox (entity, rowId, profileId) SELECT ?, ?, (\(owner))",
                       arguments: [entity.rawValue, rowId, rowId])
    }

    // MARK: team settings

    /// Sets a profile's team name and team store (nil leaves either as it is). A new team store gets
    /// every row of the profile again, since it has seen none of them.
    public func setTeam(profileId: Int64, team: String?, database: String?) throws {
        try write { db in
            if let team { try db.execute(sql: "UPDATE profile SET team = ? WHERE id = ?", arguments: [team, profileId]) }
            if let database {
                let old = try String.fetchOne(db, sql: "SELECT teamDatabase FROM profile WHERE id = ?", arguments: [profileId])
                try db.execute(sql: "UPDATE profile SET teamDatabase = ? WHERE id = ?",
                               arguments: [database.isEmpty ? nil : database, profileId])
                if old != database { try Self.enqueueEverything(db, profileId: profileId) }
            }
            try Self.enqueue(db, .profile, rowId: profileId)
        }
    }

    static func enqueueEverything(_ db: Database, profileId: Int64) throws {
        try db.execute(sql: """
            INSERT INTO teamOutbox (entity, rowId, profileId) SELECT 'attempt', id, profileId FROM attempt WHERE profileId = ?;
            INSERT INTO teamOutbox (entity, rowId, profileId) SELECT 'turn', turn.id, attempt.profileId
                FROM turn JOIN attempt ON attempt.id = turn.attemptId WHERE attempt.profileId = ?;
            """, arguments: [profileId, profileId])
    }

    // MARK: the outbox

    /// A batch of rows the team store has not confirmed yet, oldest first, for the profiles given
    /// (local ids); each turn comes with its attempt and each attempt with its profile, so the batch
    /// stands on its own whatever the team store already holds.
    public func pendingTeamRows(profileIds: [Int64], limit: Int = 500) throws -> (rows: TeamRows, entries: [Int64]) {
        guard !profileIds.isEmpty else { return (TeamRows(), []) }
        return try read { db in
            let marks = profileIds.map { _ in "?" }.joined(separator: ",")
            let entries = try Row.fetchAll(db, sql: """
                SELECT id, entity, rowId FROM teamOutbox WHERE profileId IN (\(marks)) ORDER BY id LIMIT ?
                """, arguments: StatementArguments(profileIds + [Int64(limit)]))
            guard !entries.isEmpty else { return (TeamRows(), []) }
            var turnIds: [Int64] = [], attemptIds = Set<Int64>(), profiles = Set<Int64>()
            for entry in entries {
                let rowId: Int64 = entry["rowId"]
                switch OutboxEntity(rawValue: entry["entity"]) {
                case .profile: profiles.insert(rowId)
                case .attempt: attemptIds.insert(rowId)
                case .turn: turnIds.append(rowId)
                case nil: break
                }
            }
            let turns = try Turn.filter(keys: turnIds).order(Column("id")).fetchAll(db)
            attemptIds.formUnion(turns.map(\.attemptId))
            let attempts = try Attempt.filter(keys: Array(attemptIds)).order(Column("id")).fetchAll(db)
            profiles.formUnion(attempts.map(\.profileId))
            let rows = try Self.teamRows(db, profiles: Profile.filter(keys: Array(profiles)).fetchAll(db),
                                         attempts: attempts, turns: turns)
            return (rows, entries.map { $0["id"] })
        }
    }

    /// Marks outbox entries as confirmed by the team store.
    public func markSent(_ entries: [Int64]) throws {
        guard !entries.isEmpty else { return }
        try write { db in
            try db.execute(sql: "DELETE FROM teamOutbox WHERE id IN (\(entries.map { _ in "?" }.joined(separator: ",")))",
                           arguments: StatementArguments(entries))
        }
    }

    /// How many changes wait for the team store, per profile (local ids).
    public func pendingCount() throws -> [Int64: Int] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT profileId, COUNT(*) AS count FROM teamOutbox GROUP BY profileId")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["profileId"], $0["count"]) })
        }
    }

    /// Calls `onChange` after every commit of this process that touches the outbox.
    public func observeOutbox(_ onChange: @escaping @Sendable () -> Void) throws -> AnyDatabaseCancellable {
        try DatabaseRegionObservation(tracking: Table("teamOutbox"))
            .start(in: writer, onError: { _ in }, onChange: { _ in onChange() })
    }

    // MARK: rows for export and reports

    /// Every profile, attempt and turn kept here, as the team sees them.
    public func teamRows() throws -> TeamRows {
        try read { db in
            try Self.teamRows(db, profiles: Profile.order(Column("name")).fetchAll(db),
                              attempts: Attempt.order(Column("startedAt"), Column("id")).fetchAll(db),
                              turns: Turn.order(Column("attemptId"), Column("id")).fetchAll(db))
        }
    }

    static func teamRows(_ db: Database, profiles: [Profile], attempts: [Attempt], turns: [Turn]) throws -> TeamRows {
        func ids(_ table: String) throws -> [Int64: String] {
            var ids: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, uuid FROM \(table)") { ids[row["id"]] = row["uuid"] }
            return ids
        }
        let profileIds = try ids("profile"), attemptIds = try ids("attempt")
        return TeamRows(
            profiles: profiles.map { TeamProfile(id: $0.uuid, name: $0.name, team: $0.team, language: $0.language,
                                                 createdAt: $0.createdAt) },
            attempts: attempts.map {
                TeamAttempt(id: $0.uuid, profileId: profileIds[$0.profileId]!, caseId: $0.caseId,
                            language: $0.caseLanguage, moduleId: $0.moduleId, seed: $0.seed,
                            hintsAllowed: $0.hintsAllowed, startedAt: $0.startedAt, finishedAt: $0.finishedAt,
                            outcome: $0.outcome, score: $0.score, passed: $0.passed)
            },
            turns: turns.map {
                TeamTurn(id: $0.uuid, attemptId: attemptIds[$0.attemptId]!, number: $0.number, kind: $0.kind,
                         input: $0.input, findings: $0.decodedFindings, penalty: $0.penalty, createdAt: $0.createdAt)
            })
    }

    // MARK: merging rows from other machines

    /// Merges rows exported elsewhere, by their ids: a row already here is not added again, an attempt
    /// unfinished here takes the finish it got elsewhere, a finished one stays as it is. A trainee
    /// whose name is taken here by another person is kept under the name with their id's first letters.
    /// Returns what was new; merged rows go to the outbox like any other change.
    @discardableResult
    public func merge(_ rows: TeamRows) throws -> MergeCount {
        try write { db in
            var count = MergeCount()
            var profileIds: [String: Int64] = [:]
            for incoming in rows.profiles {
                if let id = try Int64.fetchOne(db, sql: "SELECT id FROM profile WHERE uuid = ?", arguments: [incoming.id]) {
                    profileIds[incoming.id] = id
                    continue
                }
                var name = incoming.name
                if try Profile.filter(Column("name") == name).fetchCount(db) > 0 {
                    name = "\(incoming.name) (\(incoming.id.prefix(6)))"
                }
                var profile = Profile(id: nil, name: name, language: incoming.language, createdAt: incoming.createdAt,
                                      uuid: incoming.id, team: incoming.team)
                try profile.insert(db)
                try Self.enqueue(db, .profile, rowId: profile.id!)
                profileIds[incoming.id] = profile.id!
                count.profiles += 1
            }
            var attemptIds: [String: Int64] = [:]
            for incoming in rows.attempts {
                if let existing = try Attempt.filter(Column("uuid") == incoming.id).fetchOne(db) {
                    attemptIds[incoming.id] = existing.id!
                    if existing.finishedAt == nil, let finishedAt = incoming.finishedAt {
                        try db.execute(sql: """
                            UPDATE attempt SET finishedAt = ?, outcome = ?, score = ?, passed = ? WHERE id = ?
                            """, arguments: [finishedAt, incoming.outcome, incoming.score, incoming.passed, existing.id!])
                        try Self.enqueue(db, .attempt, rowId: existing.id!)
                        count.attempts += 1
                    }
                    continue
                }
                guard let profileId = try profileIds[incoming.profileId]
                    ?? Int64.fetchOne(db, sql: "SELECT id FROM profile WHERE uuid = ?", arguments: [incoming.profileId])
                else { throw StoreError.orphan(kind: "attempt", id: incoming.id, parent: incoming.profileId) }
                var attempt = Attempt(id: nil, profileId: profileId, caseId: incoming.caseId, caseLanguage: incoming.language,
                                      seed: incoming.seed, startedAt: incoming.startedAt, finishedAt: incoming.finishedAt,
                                      outcome: incoming.outcome, score: incoming.score, passed: incoming.passed,
                                      moduleId: incoming.moduleId, hintsAllowed: incoming.hintsAllowed, uuid: incoming.id)
                try attempt.insert(db)
                try Self.enqueue(db, .attempt, rowId: attempt.id!)
                attemptIds[incoming.id] = attempt.id!
                count.attempts += 1
            }
            for incoming in rows.turns {
                if try Turn.filter(Column("uuid") == incoming.id).fetchCount(db) > 0 { continue }
                guard let attemptId = try attemptIds[incoming.attemptId]
                    ?? Int64.fetchOne(db, sql: "SELECT id FROM attempt WHERE uuid = ?", arguments: [incoming.attemptId])
                else { throw StoreError.orphan(kind: "turn", id: incoming.id, parent: incoming.attemptId) }
                let findings = Store.encodeFindings(incoming.findings)
                var turn = Turn(id: nil, attemptId: attemptId, number: incoming.number, kind: incoming.kind,
                                input: incoming.input, findings: findings, penalty: incoming.penalty,
                                createdAt: incoming.createdAt, uuid: incoming.id)
                try turn.insert(db)
                try Self.enqueue(db, .turn, rowId: turn.id!)
                count.turns += 1
            }
            return count
        }
    }
}
