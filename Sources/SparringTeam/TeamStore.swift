import Foundation
import Logging
import PostgresNIO
import Sparring
import SparringStore

/// The team store: one PostgreSQL database that every trainee's machine sends its attempts and turns to,
/// and that a trainer's report reads. Writes are upserts by the rows' stable ids, so sending a row twice
/// changes nothing; a finished attempt is never changed again.
public final class TeamStore: Sendable {
    public let url: TeamDatabaseURL
    let client: PostgresClient
    let runner: Task<Void, Never>
    static let logger = Logger(label: "sparring.team", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Connects (through postgres-nio's pool) and brings the schema up to date.
    public static func open(_ text: String) async throws -> TeamStore {
        let store = TeamStore(url: try TeamDatabaseURL(text), configuration: try TeamDatabaseURL(text).configuration())
        do {
            try await store.migrate()
        } catch {
            await store.close()
            throw store.translate(error)
        }
        return store
    }

    private init(url: TeamDatabaseURL, configuration: PostgresClient.Configuration) {
        self.url = url
        let client = PostgresClient(configuration: configuration, backgroundLogger: Self.logger)
        self.client = client
        runner = Task { await client.run() }
    }

    /// Closes the pool's connections.
    public func close() async {
        runner.cancel()
        _ = await runner.value
    }

    /// A postgres-nio error as a sentence naming this store.
    func translate(_ error: any Error) -> any Error {
        if error is TeamStoreError { return error }
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return TeamStoreError.unreachable(url.description, message) }
            return TeamStoreError.unreachable(url.description, "\(error.code)")
        }
        return TeamStoreError.unreachable(url.description, "\(error)")
    }

    // MARK: migrations

    /// Named migrations, applied in order and never edited once shipped: add a new one instead.
    static let migrations: [(name: String, statements: [String])] = [
        ("v1-team-profiles-attempts-turns", [
            """
            CREATE TABLE profiles (id uuid PRIMARY KEY, name text NOT NULL, team text, language text NOT NULL,
                created_at timestamptz NOT NULL, received_at timestamptz NOT NULL DEFAULT now())
            """,
            """
            CREATE TABLE attempts (id uuid PRIMARY KEY, profile_id uuid NOT NULL REFERENCES profiles (id),
                case_id text NOT NULL, language text NOT NULL, module_id text, seed bigint NOT NULL,
                hints_allowed boolean NOT NULL, started_at timestamptz NOT NULL, finished_at timestamptz,
                outcome text, score integer, passed boolean, received_at timestamptz NOT NULL DEFAULT now())
            """,
            "CREATE INDEX attempts_profile ON attempts (profile_id)",
            """
            CREATE TABLE turns (id uuid PRIMARY KEY, attempt_id uuid NOT NULL REFERENCES attempts (id),
                number integer NOT NULL, kind text NOT NULL, input text NOT NULL, findings jsonb NOT NULL,
                penalty integer NOT NULL, created_at timestamptz NOT NULL, received_at timestamptz NOT NULL DEFAULT now())
            """,
            "CREATE INDEX turns_attempt ON turns (attempt_id)",
        ]),
    ]

    /// Applies what is missing, one machine at a time (an advisory lock), and refuses a store that
    /// records a migration this version does not know.
    func migrate() async throws {
        try await client.withTransaction(logger: Self.logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(7467013)", logger: Self.logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS sparring_migrations (name text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, logger: Self.logger)
            var applied = Set<String>()
            for try await name in try await connection.query("SELECT name FROM sparring_migrations",
                                                             logger: Self.logger).decode(String.self) {
                applied.insert(name)
            }
            let known = Set(Self.migrations.map(\.name))
            if let unknown = applied.subtracting(known).sorted().first {
                throw TeamStoreError.newer(self.url.description, migration: unknown)
            }
            for migration in Self.migrations where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Self.logger)
                }
                try await connection.query("INSERT INTO sparring_migrations (name) VALUES (\(migration.name))",
                                           logger: Self.logger)
            }
        }
    }

    /// The migrations this store records, in the order they were applied.
    public func appliedMigrations() async throws -> [String] {
        do {
            var names: [String] = []
            let rows = try await client.query("SELECT name FROM sparring_migrations ORDER BY applied_at, name")
            for try await name in rows.decode(String.self) { names.append(name) }
            return names
        } catch { throw translate(error) }
    }

    // MARK: writing

    /// Writes rows in one transaction, by their ids: new rows are added, a trainee's name, team and
    /// language follow the newest, an unfinished attempt takes its finish; a turn is never written twice.
    /// Returns how many rows were new.
    @discardableResult
    public func upsert(_ rows: TeamRows) async throws -> MergeCount {
        guard !rows.isEmpty else { return MergeCount() }
        let encoder = ExportDocument.encoder()
        do {
            return try await client.withTransaction(logger: Self.logger) { connection in
                var count = MergeCount()
                for profile in rows.profiles {
                    let id = try Self.uuid(profile.id)
                    let inserted = try await connection.query("""
                        INSERT INTO profiles (id, name, team, language, created_at)
                        VALUES (\(id), \(profile.name), \(profile.team), \(profile.language), \(profile.createdAt))
                        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name,
                            team = COALESCE(EXCLUDED.team, profiles.team), language = EXCLUDED.language
                        RETURNING (xmax = 0)
                        """, logger: Self.logger).decode(Bool.self).reduce(0) { $0 + ($1 ? 1 : 0) }
                    count.profiles += inserted
                }
                for attempt in rows.attempts {
                    let id = try Self.uuid(attempt.id), profile = try Self.uuid(attempt.profileId)
                    let inserted = try await connection.query("""
                        INSERT INTO attempts (id, profile_id, case_id, language, module_id, seed, hints_allowed,
                            started_at, finished_at, outcome, score, passed)
                        VALUES (\(id), \(profile), \(attempt.caseId), \(attempt.language), \(attempt.moduleId),
                            \(attempt.seed), \(attempt.hintsAllowed), \(attempt.startedAt), \(attempt.finishedAt),
                            \(attempt.outcome), \(attempt.score), \(attempt.passed))
                        ON CONFLICT (id) DO UPDATE SET finished_at = EXCLUDED.finished_at, outcome = EXCLUDED.outcome,
                            score = EXCLUDED.score, passed = EXCLUDED.passed
                        WHERE attempts.finished_at IS NULL AND EXCLUDED.finished_at IS NOT NULL
                        RETURNING (xmax = 0)
                        """, logger: Self.logger).decode(Bool.self).reduce(0) { $0 + ($1 ? 1 : 0) }
                    count.attempts += inserted
                }
                for turn in rows.turns {
                    let id = try Self.uuid(turn.id), attempt = try Self.uuid(turn.attemptId)
                    let findings = String(decoding: try encoder.encode(turn.findings), as: UTF8.self)
                    let inserted = try await connection.query("""
                        INSERT INTO turns (id, attempt_id, number, kind, input, findings, penalty, created_at)
                        VALUES (\(id), \(attempt), \(turn.number), \(turn.kind), \(turn.input), \(findings)::jsonb,
                            \(turn.penalty), \(turn.createdAt))
                        ON CONFLICT (id) DO NOTHING RETURNING id
                        """, logger: Self.logger).decode(UUID.self).reduce(0) { count, _ in count + 1 }
                    count.turns += inserted
                }
                return count
            }
        } catch let error as PostgresTransactionError {
            throw translate(error.closureError ?? error.beginError ?? error.commitError ?? error)
        } catch {
            throw translate(error)
        }
    }

    static func uuid(_ text: String) throws -> UUID {
        guard let uuid = UUID(uuidString: text) else {
            throw ExportError("export.bad-id", ["id": text])
        }
        return uuid
    }

    // MARK: reading

    /// Every profile, attempt and turn the team store holds.
    public func rows() async throws -> TeamRows {
        do {
            var rows = TeamRows()
            for try await (id, name, team, language, createdAt) in try await client.query("""
                SELECT id, name, team, language, created_at FROM profiles ORDER BY name, id
                """).decode((UUID, String, String?, String, Date).self) {
                rows.profiles.append(TeamProfile(id: id.uuidString.lowercased(), name: name, team: team,
                                                 language: language, createdAt: createdAt))
            }
            for try await (id, profile, caseId, language, module, seed, hints, started, finished, outcome, score, passed)
                in try await client.query("""
                SELECT id, profile_id, case_id, language, module_id, seed, hints_allowed, started_at, finished_at,
                    outcome, score, passed FROM attempts ORDER BY started_at, id
                """).decode((UUID, UUID, String, String, String?, Int64, Bool, Date, Date?, String?, Int?, Bool?).self) {
                rows.attempts.append(TeamAttempt(
                    id: id.uuidString.lowercased(), profileId: profile.uuidString.lowercased(), caseId: caseId,
                    language: language, moduleId: module, seed: seed, hintsAllowed: hints, startedAt: started,
                    finishedAt: finished, outcome: outcome, score: score, passed: passed))
            }
            let decoder = JSONDecoder()
            for try await (id, attempt, number, kind, input, findings, penalty, createdAt) in try await client.query("""
                SELECT id, attempt_id, number, kind, input, findings::text, penalty, created_at FROM turns
                ORDER BY attempt_id, number, created_at
                """).decode((UUID, UUID, Int, String, String, String, Int, Date).self) {
                rows.turns.append(TeamTurn(
                    id: id.uuidString.lowercased(), attemptId: attempt.uuidString.lowercased(), number: number,
                    kind: kind, input: input,
                    findings: (try? decoder.decode([FindingRecord].self, from: Data(findings.utf8))) ?? [],
                    penalty: penalty, createdAt: createdAt))
            }
            return rows
        } catch { throw translate(error) }
    }
}
