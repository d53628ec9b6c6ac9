import Foundation
import GRDB
import Sparring
import Testing
@testable import SparringStore

/// Issue 15's store reproducers: a database from a newer Sparring, corrupt files, and two processes
/// on one profile. Every refused file is left byte for byte as it was.
@Suite struct StoreSafetyTests {
    func folder() throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sparring-safety-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    /// A database with a profile, an attempt and `turns` turns, closed again.
    func populated(_ path: String, turns: Int = 3) throws {
        let store = try Store(path: path)
        let profile = try store.createProfile(name: "anna", language: .ru)
        let attempt = try store.startAttempt(profileId: profile.id!, caseId: "clinic-confirmation-call", language: .ru,
                                             seed: 1)
        for number in 1...turns {
            let input = "Здравствуйте! Ответ номер \(number). " + String(repeating: "Проверяю запись. ", count: 20)
            try store.append(TurnRecord(number: number, kind: .reply, input: input, findings: [], penalty: 0),
                             to: attempt.id!)
        }
    }

    func refusal(_ path: String) -> StoreError? {
        do {
            _ = try Store(path: path)
            return nil
        } catch let error as StoreError {
            return error
        } catch {
            Issue.record("not a StoreError: \(error)")
            return nil
        }
    }

    @Test func aDatabaseFromANewerSparringIsRefusedBeforeAnythingRuns() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/sparring.sqlite"
        try populated(path)
        // a later version renamed a column in a migration of its own
        do {
            let newer = try DatabaseQueue(path: path)
            try newer.write { db in
                try db.execute(sql: "ALTER TABLE attempt RENAME COLUMN outcome TO result")
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v3-attempt-result')")
            }
            // everything into the main file, so that the bytes compared below are the whole database
            try newer.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let error = refusal(path)
        #expect(error == .newer(path: path, migration: "v3-attempt-result"))
        let message = "was written by a newer Sparring (migration v3-attempt-result); upgrade Sparring"
        #expect(error?.description.contains(message) == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aFileThatIsNoDatabaseIsNamedCorruptAndLeftAsItIs() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/sparring.sqlite"
        let garbage = Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: path))
        let error = refusal(path)
        #expect(error == .corrupt(path: path, detail: "it does not start as an SQLite database does"))
        #expect(error?.description.contains("is corrupt") == true)
        let advice = "it was left as it is. To start a fresh one beside it, pass --data-dir DIR"
        #expect(error?.description.contains(advice) == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["sparring.sqlite"],
                "no -wal or -shm beside it")
    }

    @Test func damagedSchemaPagesAreNamedCorrupt() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/sparring.sqlite"
        try populated(path)
        // the first page, after the 100-byte header, holds the schema
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for offset in 100..<4096 { bytes[offset] = UInt8(truncatingIfNeeded: offset &* 131) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        guard case .corrupt(let reported, _)? = refusal(path) else {
            Issue.record("not refused as corrupt")
            return
        }
        #expect(reported == path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes))
    }

    @Test func tablesWithoutTheirMigrationRecordAreNotMigratedAgain() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/sparring.sqlite"
        try populated(path)
        do {
            let damaged = try DatabaseQueue(path: path)
            try damaged.write { db in try db.execute(sql: "DELETE FROM grdb_migrations") }
        }
        // before, the migrations ran again and failed with `table "profile" already exists`
        let detail = "it has Sparring's tables but no record of its migrations"
        #expect(refusal(path) == .corrupt(path: path, detail: detail))
    }

    @Test func aDamagedDataPageFoundMidSessionIsNamedCorrupt() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/sparring.sqlite"
        try populated(path, turns: 60)
        let (page, pageSize) = try DatabaseQueue(path: path).read { db in
            (try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'turn'")!,
             try Int.fetchOne(db, sql: "PRAGMA page_size")!)
        }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for offset in (page - 1) * pageSize..<page * pageSize { bytes[offset] = 0xA5 }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let store = try Store(path: path)
        let anna = try #require(try store.profile(named: "anna"))
        #expect {
            _ = try store.turns(profileId: anna.id!)
        } throws: { error in
            guard case .corrupt(let reported, _)? = error as? StoreError else { return false }
            return reported == path
        }
    }

    @Test func anAttemptBeingPlayedIsNeitherOfferedNorClaimedByAnotherStore() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/sparring.sqlite"
        let first = try Store(path: path)
        let second = try Store(path: path)
        let profile = try first.createProfile(name: "gleb", language: .en)
        let attempt: Attempt
        var lease: AttemptLease?
        (attempt, lease) = try first.startLeasedAttempt(profileId: profile.id!, caseId: "a", language: .en, seed: 1)
        #expect(lease != nil)
        // flock locks belong to each open file, so two stores in one process stand for two processes
        #expect(try second.unfinishedAttempt(profileId: profile.id!) == nil)
        guard case .failure(let holder) = try second.claim(attemptId: attempt.id!) else {
            Issue.record("claimed twice")
            return
        }
        #expect(holder.pid == getpid())
        #expect(try second.liveAttempts(profileId: profile.id!).map(\.0.id) == [attempt.id])
        // the player goes (a kill -9 drops the lock the same way): now the attempt can be resumed
        lease = nil
        #expect(try second.unfinishedAttempt(profileId: profile.id!)?.0.id == attempt.id)
        guard case .success(let resumed) = try second.claim(attemptId: attempt.id!) else {
            Issue.record("not resumable")
            return
        }
        #expect(try first.liveAttempts(profileId: profile.id!).count == 1)
        try second.finish(attemptId: attempt.id!, outcome: .resolved, score: 100, passed: true)
        resumed.end()
        #expect(!FileManager.default.fileExists(atPath: directory + "/leases/attempt-\(attempt.id!)"))
        #expect(try first.unfinishedAttempt(profileId: profile.id!) == nil)
    }
}
