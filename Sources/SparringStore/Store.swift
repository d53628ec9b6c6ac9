import Foundation
import GRDB
import Sparring

/// Progress on disk: SQLite through GRDB, WAL so two terminals on one profile do not corrupt it.
/// Every turn is committed as it is played; a killed process loses nothing already answered.
/// An attempt being played is leased to its process (`AttemptLease`), so another process never resumes it.
public final class Store: Sendable {
    let writer: any DatabaseWriter
    /// The database file, for messages; nil in memory.
    let path: String?
    /// Where attempt leases are kept (`leases/` beside the database); nil in memory, where only one
    /// process can ever see the attempts.
    let leaseDirectory: String?

    /// Opens (creating if needed) the database at `path` and applies the migrations. A file that is not
    /// a database, or is damaged, or was migrated by a newer Sparring is refused and left as it is.
    public init(path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.path = path
        leaseDirectory = (directory as NSString).appendingPathComponent("leases")
        // a file that is not SQLite is named before SQLite opens it, which would add its -wal and -shm beside it
        if let problem = Self.headerProblem(path) { throw StoreError.corrupt(path: path, detail: problem) }
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        do {
            // looked at read-only first: opening a pool writes to the file (GRDB makes sure a WAL exists)
            if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size > 0 {
                var readOnly = configuration
                readOnly.readonly = true
                try Self.check(try DatabaseQueue(path: path, configuration: readOnly), path: path)
            }
            writer = try DatabasePool(path: path, configuration: configuration)
            try Self.migrate(writer, path: path)
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path) ?? error
        }
    }

    /// A store that lives in memory, for tests.
    public init(inMemory: Void = ()) throws {
        writer = try DatabaseQueue()
        path = nil
        leaseDirectory = nil
        try Self.migrator.migrate(writer)
    }

    init(writer: any DatabaseWriter, upTo migration: String? = nil) throws {
        self.writer = writer
        path = nil
        leaseDirectory = nil
        if let migration { try Self.migrator.migrate(writer, upTo: migration) } else { try Self.migrator.migrate(writer) }
    }

    /// Checks what the file holds before migrating it: migrations this version does not know mean a newer
    /// Sparring wrote it; tables without their record of migrations mean damaged pages.
    static func check(_ reader: any DatabaseReader, path: String) throws {
        let (applied, hasTables) = try reader.read { db in
            (try migrator.appliedIdentifiers(db), try db.tableExists("profile"))
        }
        let known = Set(migrator.migrations)
        if let unknown = applied.subtracting(known).sorted().first {
            throw StoreError.newer(path: path, migration: unknown)
        }
        if applied.isEmpty && hasTables {
            throw StoreError.corrupt(path: path, detail: "it has Sparring's tables but no record of its migrations")
        }
    }

    static func migrate(_ writer: any DatabaseWriter, path: String) throws {
        do {
            try migrator.migrate(writer)
        } catch let error as DatabaseError {
            // a migration that fails on a file that passed the checks above means damage somewhere in it
            let check = (try? writer.read { db in try String.fetchOne(db, sql: "PRAGMA quick_check(1)") }) ?? nil
            if let check, check != "ok" { throw StoreError.corrupt(path: path, detail: check) }
            throw translate(error, path: path) ?? error
        }
    }

    /// Why the file's first bytes are not an SQLite database's, or nil (an empty or missing file is a new database).
    static func headerProblem(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if header.isEmpty || header == Data("SQLite format 3\u{0}".utf8) { return nil }
        return "it does not start as an SQLite database does"
    }

    /// The store's own error for an SQLite error that means a damaged file, or nil for any other.
    static func translate(_ error: DatabaseError, path: String?) -> StoreError? {
        guard let path, error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB else { return nil }
        return .corrupt(path: path, detail: error.message ?? "\(error.resultCode)")
    }

    /// Reads, naming a damaged file as such.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path) ?? error
        }
    }

    /// Writes in one transaction, naming a damaged file as such.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path) ?? error
        }
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
        migrator.registerMigration("v3-duel-id") { db in
            try db.alter(table: "attempt") { table in
                table.add(column: "duelId", .text)
            }
            try db.create(index: "attempt_on_duelId", on: "attempt", columns: ["duelId"])
        }
        migrator.registerMigration("v3-team-identity", migrate: teamIdentity)
        migrator.registerMigration("v4-findings-as-ids", migrate: findingsAsIds)
        return migrator
    }

    // MARK: profiles

    public func profile(named name: String) throws -> Profile? {
        try read { db in try Profile.filter(Column("name") == name).fetchOne(db) }
    }

    public func createProfile(name: String, language: Language) throws -> Profile {
        try write { db in
            var profile = Profile(id: nil, name: name, language: language.rawValue, createdAt: Date())
            try profile.insert(db)
            try Self.enqueue(db, .profile, rowId: profile.id!)
            return profile
        }
    }

    public func setLanguage(_ language: Language, profileId: Int64) throws {
        try write { db in
            try db.execute(sql: "UPDATE profile SET language = ? WHERE id = ?", arguments: [language.rawValue, profileId])
            try Self.enqueue(db, .profile, rowId: profileId)
        }
    }

    public func profiles() throws -> [Profile] {
        try read { db in try Profile.order(Column("name")).fetchAll(db) }
    }

    // MARK: attempts and turns

    public func startAttempt(profileId: Int64, caseId: String, language: Language, seed: UInt64,
                             moduleId: String? = nil, hintsAllowed: Bool = true,
                             duelId: String? = nil) throws -> Attempt {
        try write { db in
            var attempt = Attempt(id: nil, profileId: profileId, caseId: caseId, caseLanguage: language.rawValue,
                                  seed: Int64(bitPattern: seed), startedAt: Date(), moduleId: moduleId,
                                  hintsAllowed: hintsAllowed, duelId: duelId)
            try attempt.insert(db)
            try Self.enqueue(db, .attempt, rowId: attempt.id!)
            return attempt
        }
    }

    /// Starts an attempt already leased to this process: the lease is taken before the attempt is
    /// committed, so no other process ever sees it unclaimed.
    public func startLeasedAttempt(profileId: Int64, caseId: String, language: Language, seed: UInt64,
                                   moduleId: String? = nil,
                                   hintsAllowed: Bool = true) throws -> (Attempt, AttemptLease) {
        try write { db in
            var attempt = Attempt(id: nil, profileId: profileId, caseId: caseId, caseLanguage: language.rawValue,
                                  seed: Int64(bitPattern: seed), startedAt: Date(), moduleId: moduleId,
                                  hintsAllowed: hintsAllowed)
            try attempt.insert(db)
            try Self.enqueue(db, .attempt, rowId: attempt.id!)
            // ids are never reused (AUTOINCREMENT), so nobody can hold this one's lease yet
            switch try claim(attemptId: attempt.id!) {
            case .success(let lease): return (attempt, lease)
            case .failure(let holder):
                throw DatabaseError(message: "attempt \(attempt.id!) is already leased to process \(holder.pid)")
            }
        }
    }

    /// Claims an attempt for this process, or names the process that plays it now.
    public func claim(attemptId: Int64) throws -> Result<AttemptLease, AttemptLease.Holder> {
        guard let leaseDirectory else { return .success(AttemptLease(unshared: attemptId)) }
        return try AttemptLease.claim(attemptId, in: leaseDirectory)
    }

    /// The process playing an attempt right now, or nil when none is.
    public func holder(ofAttempt attemptId: Int64) -> AttemptLease.Holder? {
        leaseDirectory.flatMap { AttemptLease.holder(of: attemptId, in: $0) }
    }

    /// Unfinished attempts that another process is playing right now, newest first.
    public func liveAttempts(profileId: Int64) throws -> [(Attempt, AttemptLease.Holder)] {
        try unfinished(profileId: profileId).compactMap { attempt in
            holder(ofAttempt: attempt.id!).map { (attempt, $0) }
        }
    }

    private func unfinished(profileId: Int64) throws -> [Attempt] {
        try read { db in
            try Attempt.filter(Column("profileId") == profileId && Column("finishedAt") == nil)
                .order(Column("id").desc).fetchAll(db)
        }
    }

    /// Commits one turn: its findings as ids and arguments (never sentences), and, when the caller has them,
    /// what the trainee was shown after it and the session's state, from which a resume goes on.
    public func append(_ record: TurnRecord, to attemptId: Int64, shown: [DuelEvent] = [],
                       state: Session.Snapshot? = nil) throws {
        let encoder = ExportDocument.encoder()
        let shownJSON = shown.isEmpty ? nil : String(decoding: try encoder.encode(shown), as: UTF8.self)
        let stateJSON = try state.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try write { db in
            let code = try String.fetchOne(db, sql: "SELECT caseLanguage FROM attempt WHERE id = ?",
                                           arguments: [attemptId])
            let language = code.flatMap(Language.init(rawValue:)) ?? .en
            let findings = Self.encodeFindings(record.findings.map {
                FindingRecord($0, input: record.input, language: language, catalog: Self.catalog)
            })
            var turn = Turn(id: nil, attemptId: attemptId, number: record.number, kind: record.kind.rawValue,
                            input: record.input, findings: findings, penalty: record.penalty, createdAt: Date(),
                            shown: shownJSON, state: stateJSON)
            try turn.insert(db)
            try Self.enqueue(db, .turn, rowId: turn.id!)
        }
    }

    public func finish(attemptId: Int64, outcome: Outcome, score: Int, passed: Bool) throws {
        try write { db in
            try db.execute(sql: "UPDATE attempt SET finishedAt = ?, outcome = ?, score = ?, passed = ? WHERE id = ?",
                           arguments: [Date(), outcome.rawValue, score, passed, attemptId])
            try Self.enqueue(db, .attempt, rowId: attemptId)
        }
    }

    /// Removes an unfinished attempt the trainee chose not to resume.
    public func abandon(attemptId: Int64) throws {
        try write { db in
            try db.execute(sql: "UPDATE attempt SET finishedAt = ?, outcome = 'quit', score = 0, passed = 0 WHERE id = ? AND finishedAt IS NULL",
                           arguments: [Date(), attemptId])
            if db.changesCount > 0 { try Self.enqueue(db, .attempt, rowId: attemptId) }
        }
    }

    /// The newest attempt left unfinished (the process died or the trainee quit), with its turns; an
    /// attempt another process is playing right now is not left, and is passed over.
    public func unfinishedAttempt(profileId: Int64) throws -> (Attempt, [Turn])? {
        let attempts = try unfinished(profileId: profileId)
        guard let attempt = attempts.first(where: { holder(ofAttempt: $0.id!) == nil }) else { return nil }
        return (attempt, try turns(attemptId: attempt.id!))
    }

    /// Whether the attempt is still unfinished (a lease is checked against it once taken).
    public func isUnfinished(attemptId: Int64) throws -> Bool {
        try read { db in
            try Attempt.filter(Column("id") == attemptId && Column("finishedAt") == nil).fetchCount(db) > 0
        }
    }

    public func attempts(profileId: Int64) throws -> [Attempt] {
        try read { db in try Attempt.filter(Column("profileId") == profileId).order(Column("id")).fetchAll(db) }
    }

    /// Every player's attempt in one networked duel, in the order they were started.
    public func attempts(duelId: String) throws -> [Attempt] {
        try read { db in try Attempt.filter(Column("duelId") == duelId).order(Column("id")).fetchAll(db) }
    }

    public func turns(attemptId: Int64) throws -> [Turn] {
        try read { db in try Turn.filter(Column("attemptId") == attemptId).order(Column("id")).fetchAll(db) }
    }

    /// Turns of many attempts at once: attempt id to its turns.
    public func turns(profileId: Int64) throws -> [Int64: [Turn]] {
        try read { db in
            let rows = try Turn.fetchAll(db, sql: """
                SELECT turn.* FROM turn JOIN attempt ON attempt.id = turn.attemptId
                WHERE attempt.profileId = ? ORDER BY turn.id
                """, arguments: [profileId])
            return Dictionary(grouping: rows, by: \.attemptId)
        }
    }
}
