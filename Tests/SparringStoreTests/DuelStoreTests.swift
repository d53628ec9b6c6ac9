import Foundation
import GRDB
import Sparring
import Testing
@testable import SparringStore

/// The host of a networked duel keeps every player's attempt under the duel's id.
@Suite struct DuelStoreTests {
    @Test func attemptsOfOneDuelAreFoundByItsId() throws {
        let store = try Store()
        let anna = try store.createProfile(name: "anna", language: .ru)
        let boris = try store.createProfile(name: "boris", language: .ru)
        let first = try store.startAttempt(profileId: anna.id!, caseId: "clinic-confirmation-call", language: .ru, seed: 3,
                                           moduleId: "duel", duelId: "duel-20261202-1900-k7p2qm")
        _ = try store.startAttempt(profileId: boris.id!, caseId: "clinic-confirmation-call", language: .ru, seed: 3,
                                   moduleId: "duel", duelId: "duel-20261202-1900-k7p2qm")
        _ = try store.startAttempt(profileId: anna.id!, caseId: "clinic-confirmation-call", language: .ru, seed: 4)
        let duel = try store.attempts(duelId: "duel-20261202-1900-k7p2qm")
        #expect(duel.map(\.profileId) == [anna.id!, boris.id!])
        #expect(duel.first?.id == first.id && duel.allSatisfy { $0.moduleId == "duel" })
        #expect(try store.attempts(profileId: anna.id!).last?.duelId == nil, "an attempt outside a duel has no duel id")
    }

    @Test func aDatabaseFromBeforeDuelIdsUpgrades() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sparring-duel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sparring.sqlite").path
        do {
            let old = try DatabaseQueue(path: path)
            _ = try Store(writer: old, upTo: "v2-course-modules")
            try old.write { db in
                try db.execute(sql: "INSERT INTO profile (name, language, createdAt) VALUES ('vera', 'ru', '2026-01-01 10:00:00')")
                try db.execute(sql: "INSERT INTO attempt (profileId, caseId, caseLanguage, seed, startedAt, moduleId) "
                    + "VALUES (1, 'clinic-confirmation-call', 'ru', 5, '2026-01-01 10:01:00', 'duel')")
                #expect(try !db.columns(in: "attempt").contains { $0.name == "duelId" })
            }
        }
        let store = try Store(path: path)
        let vera = try #require(try store.profile(named: "vera"))
        let attempt = try #require(try store.attempts(profileId: vera.id!).first)
        #expect(attempt.duelId == nil && attempt.moduleId == "duel")
    }
}
