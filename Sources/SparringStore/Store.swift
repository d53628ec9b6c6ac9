import Foundation
import GRDB
import Sparring

/// Progress on disk: SQLite through GRDB, WAL so two terminals on one profile do not corrupt it.
/// Every turn is committed as it is played; a killed process loses nothing already answered.
public final class Store: Sendable {
    let writer: any DatabaseWriter

    /// Opens (creating if needed) the database at `path` and applies the migrations.
    public init(path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        writer = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(writer)
    }

    /// A store that lives in memory, for tests.
    public init(inMemory: Void = ()) throws {
        writer = try DatabaseQueue()
        try Self.migrator.migrate(writer)
    }

    init(writer: any DatabaseWriter, upTo migration: String? = nil) throws {
        self.writer = writer
        if let migration { try Self.migrator.migrate(writer, upTo: migration) } else { try Self.migrator.migrate(writer) }
    }

    /// Named migrations, never edited once shipped: add a new one instead.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-profiles-attempts-turns") { db in
            try db.create(table: "profile") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("name", .text).notNull().unique()
                table.column("language", .text).notNull()
                table.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "attempt") { table in
                table.autoIncrementedPrimaryKey("id")
                table.belongsTo("profile", onDelete: .cascade).notNull()
                table.column("caseId", .text).notNull()
                table.column("caseLanguage", .text).notNull()
                table.column("seed", .integer).notNull()
                table.column("startedAt", .datetime).notNull()
                table.column("finishedAt", .datetime)
                table.column("outcome", .text)
                table.column("score", .integer)
                table.column("passed", .boolean)
            }
            try db.create(table: "turn") { table in
                table.autoIncrementedPrimaryKey("id")
                table.belongsTo("attempt", onDelete: .cascade).notNull()
                table.column("number", .integer).notNull()
                table.column("kind", .text).notNull()
                table.column("input", .text).notNull()
                table.column("findings", .text).notNull()
                table.column("penalty", .integer).notNull()
                table.column("createdAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v2-course-modules") { db in
            try db.alter(table: "attempt") { table in
                table.add(column: "moduleId", .text)
                table.add(column: "hintsAllowed", .boolean).notNull().defaults(to: true)
            }
        }
        return migrator
    }

    // MARK: profiles

    public func profile(named name: String) throws -> Profile? {
        try writer.read { db in try Profile.filter(Column("name") == name).fetchOne(db) }
    }

    public func createProfile(name: String, language: Language) throws -> Profile {
        try writer.write { db in
            var profile = Profile(id: nil, name: name, language: language.rawValue, createdAt: Date())
            try profile.insert(db)
            return profile
        }
    }

    public func setLanguage(_ language: Language, profileId: Int64) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE profile SET language = ? WHERE id = ?", arguments: [language.rawValue, profileId])
        }
    }

    public func profiles() throws -> [Profile] {
        try writer.read { db in try Profile.order(Column("name")).fetchAll(db) }
    }

    // MARK: attempts and turns

    public func startAttempt(profileId: Int64, caseId: String, language: Language, seed: UInt64,
                             moduleId: String? = nil, hintsAllowed: Bool = true) throws -> Attempt {
        try writer.write { db in
            var attempt = Attempt(id: nil, profileId: profileId, caseId: caseId, caseLanguage: language.rawValue,
                                  seed: Int64(bitPattern: seed), startedAt: Date(), moduleId: moduleId, hintsAllowed: hintsAllowed)
            try attempt.insert(db)
            return attempt
        }
    }

    public func append(_ record: TurnRecord, to attemptId: Int64) throws {
        let findings = String(decoding: try JSONEncoder().encode(record.findings), as: UTF8.self)
        try writer.write { db in
            var turn = Turn(id: nil, attemptId: attemptId, number: record.number, kind: record.kind.rawValue,
                            input: record.input, findings: findings, penalty: record.penalty, createdAt: Date())
            try turn.insert(db)
        }
    }

    public func finish(attemptId: Int64, outcome: Outcome, score: Int, passed: Bool) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE attempt SET finishedAt = ?, outcome = ?, score = ?, passed = ? WHERE id = ?",
                           arguments: [Date(), outcome.rawValue, score, passed, attemptId])
        }
    }

    /// Removes an unfinished attempt the trainee chose not to resume.
    public func abandon(attemptId: Int64) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE attempt SET finishedAt = ?, outcome = 'quit', score = 0, passed = 0 WHERE id = ? AND finishedAt IS NULL",
                           arguments: [Date(), attemptId])
        }
    }

    /// The newest attempt left unfinished (the process died or the trainee quit), with its turns.
    public func unfinishedAttempt(profileId: Int64) throws -> (Attempt, [Turn])? {
        try writer.read { db in
            guard let attempt = try Attempt.filter(Column("profileId") == profileId && Column("finishedAt") == nil)
                .order(Column("id").desc).fetchOne(db) else { return nil }
            let turns = try Turn.filter(Column("attemptId") == attempt.id!).order(Column("id")).fetchAll(db)
            return (attempt, turns)
        }
    }

    public func attempts(profileId: Int64) throws -> [Attempt] {
        try writer.read { db in try Attempt.filter(Column("profileId") == profileId).order(Column("id")).fetchAll(db) }
    }

    public func turns(attemptId: Int64) throws -> [Turn] {
        try writer.read { db in try Turn.filter(Column("attemptId") == attemptId).order(Column("id")).fetchAll(db) }
    }

    /// Turns of many attempts at once: attempt id to its turns.
    public func turns(profileId: Int64) throws -> [Int64: [Turn]] {
        try writer.read { db in
            let rows = try Turn.fetchAll(db, sql: """
                SELECT turn.* FROM turn JOIN attempt ON attempt.id = turn.attemptId
                WHERE attempt.profileId = ? ORDER BY turn.id
                """, arguments: [profileId])
            return Dictionary(grouping: rows, by: \.attemptId)
        }
    }
}
