import Foundation
import GRDB
import Sparring
import Testing
@testable import SparringStore

@Suite struct StoreTests {
    let finding = Finding(rule: "look-it-up", severity: .deadly, evidence: ["«Назовите телефон»"], message: "m", instead: "i")

    @Test func profilesAttemptsAndTurnsRoundTrip() throws {
        let store = try Store()
        let anna = try store.createProfile(name: "anna", language: .ru)
        #expect(try store.profile(named: "anna")?.id == anna.id)
        #expect(try store.profile(named: "anna")?.language == "ru")
        let attempt = try store.startAttempt(profileId: anna.id!, caseId: "clinic-confirmation-call", language: .ru, seed: .max, moduleId: "look-it-up")
        try store.append(TurnRecord(number: 1, kind: .reply, input: "Назовите телефон", findings: [finding], penalty: 30), to: attempt.id!)
        let (unfinished, turns) = try #require(try store.unfinishedAttempt(profileId: anna.id!))
        #expect(unfinished.id == attempt.id)
        #expect(UInt64(bitPattern: unfinished.seed) == .max)
        #expect(turns.map(\.input) == ["Назовите телефон"])
        // kept as ids and arguments: the quote located in the reply, the sentences not kept
        #expect(turns[0].decodedFindings == [FindingRecord(rule: "look-it-up", severity: .deadly,
                                                           evidence: [EvidenceRecord(quote: "Назовите телефон", start: 0,
                                                                                     end: 16, quoted: true)],
                                                           arguments: [:])])
        try store.finish(attemptId: attempt.id!, outcome: .resolved, score: 70, passed: false)
        #expect(try store.unfinishedAttempt(profileId: anna.id!) == nil)
        #expect(try store.attempts(profileId: anna.id!).first?.outcome == "resolved")
    }

    @Test func profileNamesAreUnique() throws {
        let store = try Store()
        _ = try store.createProfile(name: "boris", language: .en)
        #expect(throws: (any Error).self) { try store.createProfile(name: "boris", language: .en) }
    }

    @Test func upgradesADatabaseMadeByTheFirstMigration() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sparring-migration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sparring.sqlite").path
        do {
            let old = try DatabaseQueue(path: path)
            _ = try Store(writer: old, upTo: "v1-profiles-attempts-turns")
            try old.write { db in
                try db.execute(sql: "INSERT INTO profile (name, language, createdAt) VALUES ('vera', 'ru', '2026-01-01 10:00:00')")
                try db.execute(sql: "INSERT INTO attempt (profileId, caseId, caseLanguage, seed, startedAt) VALUES (1, 'clinic-confirmation-call', 'ru', 5, '2026-01-01 10:01:00')")
                try db.execute(sql: "INSERT INTO turn (attemptId, number, kind, input, findings, penalty, createdAt) VALUES (1, 1, 'reply', 'Здравствуйте!', '[]', 0, '2026-01-01 10:02:00')")
                #expect(try !db.columns(in: "attempt").contains { $0.name == "moduleId" })
            }
        }
        let store = try Store(path: path)
        let vera = try #require(try store.profile(named: "vera"))
        let (attempt, turns) = try #require(try store.unfinishedAttempt(profileId: vera.id!))
        #expect(attempt.moduleId == nil)
        #expect(attempt.hintsAllowed)
        #expect(turns.map(\.input) == ["Здравствуйте!"])
    }

    @Test func twoConnectionsOnOneFileDoNotCorruptIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sparring-two-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sparring.sqlite").path
        let first = try Store(path: path)
        let profile = try first.createProfile(name: "gleb", language: .en)
        let second = try Store(path: path)
        let attemptA = try first.startAttempt(profileId: profile.id!, caseId: "a", language: .en, seed: 1)
        let attemptB = try second.startAttempt(profileId: profile.id!, caseId: "b", language: .en, seed: 2)
        await withTaskGroup(of: Void.self) { group in
            for (store, attempt) in [(first, attemptA), (second, attemptB)] {
                group.addTask {
                    for number in 1...50 {
                        try? store.append(TurnRecord(number: number, kind: .reply, input: "reply \(number)", findings: [], penalty: 0), to: attempt.id!)
                    }
                }
            }
        }
        #expect(try first.turns(attemptId: attemptA.id!).count == 50)
        #expect(try first.turns(attemptId: attemptB.id!).count == 50)
    }
}
