import Foundation
import GRDB
import Sparring
import Testing
@testable import SparringStore

@Suite struct TeamRowsTests {
    let finding = Finding(rule: "look-it-up", severity: .deadly, evidence: ["«Назовите телефон»"], message: "m", instead: "i")

    /// A store with one trainee, one finished attempt of two turns and one unfinished of one.
    func sample(_ name: String = "anna") throws -> (Store, Profile) {
        let store = try Store()
        let anna = try store.createProfile(name: name, language: .ru)
        let first = try store.startAttempt(profileId: anna.id!, caseId: "clinic-confirmation-call", language: .ru, seed: 7)
        try store.append(TurnRecord(number: 1, kind: .reply, input: "Назовите телефон", findings: [finding], penalty: 30),
                         to: first.id!)
        try store.append(TurnRecord(number: 2, kind: .reply, input: "Запись подтверждена", findings: [], penalty: 0),
                         to: first.id!)
        try store.finish(attemptId: first.id!, outcome: .resolved, score: 70, passed: false)
        let second = try store.startAttempt(profileId: anna.id!, caseId: "late-refund", language: .ru, seed: 8)
        try store.append(TurnRecord(number: 1, kind: .reply, input: "Здравствуйте!", findings: [], penalty: 0), to: second.id!)
        return (store, anna)
    }

    @Test func everyChangeWaitsInTheOutboxUntilMarkedSent() throws {
        let (store, anna) = try sample()
        // the profile, two attempts started, one finished, three turns
        #expect(try store.pendingCount() == [anna.id!: 7])
        let (rows, entries) = try store.pendingTeamRows(profileIds: [anna.id!], limit: 4)
        #expect(entries.count == 4)
        #expect(rows.profiles.map(\.id) == [anna.uuid])
        // a turn comes with its attempt, so the batch stands alone
        #expect(Set(rows.turns.map(\.attemptId)).isSubset(of: Set(rows.attempts.map(\.id))))
        try store.markSent(entries)
        #expect(try store.pendingCount() == [anna.id!: 3])
        let (rest, more) = try store.pendingTeamRows(profileIds: [anna.id!])
        try store.markSent(more)
        #expect(rest.turns.count == 1)
        #expect(try store.pendingCount().isEmpty)
        try store.finish(attemptId: try store.attempts(profileId: anna.id!)[1].id!, outcome: .walkedAway, score: 20, passed: false)
        #expect(try store.pendingCount() == [anna.id!: 1])
    }

    @Test func upgradingGivesOldRowsIdsAndQueuesThem() throws {
        let queue = try DatabaseQueue()
        _ = try Store(writer: queue, upTo: "v2-course-modules")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO profile (name, language, createdAt) VALUES ('vera', 'ru', '2026-01-01 10:00:00')")
            try db.execute(sql: """
                INSERT INTO attempt (profileId, caseId, caseLanguage, seed, startedAt) VALUES (1, 'c', 'ru', 5, '2026-01-01 10:01:00')
                """)
            try db.execute(sql: """
                INSERT INTO turn (attemptId, number, kind, input, findings, penalty, createdAt)
                VALUES (1, 1, 'reply', 'Здравствуйте!', '[]', 0, '2026-01-01 10:02:00')
                """)
        }
        let store = try Store(writer: queue)
        let rows = try store.teamRows()
        #expect(rows.profiles.count == 1 && rows.attempts.count == 1 && rows.turns.count == 1)
        #expect(Set([rows.profiles[0].id, rows.attempts[0].id, rows.turns[0].id]).count == 3)
        #expect(rows.profiles.allSatisfy { UUID(uuidString: $0.id) != nil })
        #expect(try store.pendingCount() == [1: 3])
    }

    @Test func anExportReadsBackAsTheSameRows() throws {
        let (store, _) = try sample()
        let rows = try store.teamRows()
        let data = try ExportDocument(rows: rows).encoded()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"score\" : 70"), "numbers are numbers")
        #expect(text.contains("\"passed\" : false"), "booleans are booleans")
        #expect(text.contains("\"rules\" : [\n"), "findings by rule id")
        #expect(text.range(of: #""startedAt" : "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z""#, options: .regularExpression) != nil)
        let back = try ExportDocument.decode(data, path: "export.json").rows
        // times go out with milliseconds: back within a millisecond, everything else exactly
        #expect(back.profiles.count == rows.profiles.count)
        for (read, written) in zip(back.profiles, rows.profiles) {
            #expect(abs(read.createdAt.timeIntervalSince(written.createdAt)) < 0.001)
            var same = read
            same.createdAt = written.createdAt
            #expect(same == written)
        }
        #expect(back.turns.map(\.id) == rows.turns.map(\.id))
        #expect(back.turns.map(\.findings) == rows.turns.map(\.findings))
        #expect(back.attempts.map(\.score) == rows.attempts.map(\.score))
    }

    @Test func aBadExportIsNamedInASentence() throws {
        #expect(throws: ExportError.self) { try ExportDocument.decode(Data("[1, 2]".utf8), path: "x.json") }
        let wrongVersion = Data(#"{"format": "sparring-export", "version": 9, "profiles": []}"#.utf8)
        let error = try #require(throws: ExportError.self) { try ExportDocument.decode(wrongVersion, path: "x.json") }
        #expect(error.description.contains("version 9"))
    }

    @Test func mergingTwiceAddsNothingTheSecondTime() throws {
        let (source, _) = try sample()
        let rows = try ExportDocument.decode(try ExportDocument(rows: source.teamRows()).encoded(), path: "e").rows
        let target = try Store()
        _ = try target.createProfile(name: "anna", language: .en)
        let first = try target.merge(rows)
        #expect(first == MergeCount(profiles: 1, attempts: 2, turns: 3))
        #expect(try target.merge(rows) == MergeCount())
        // the other Anna keeps her name; this one is told apart by her id
        let names = try target.profiles().map(\.name)
        #expect(names.contains("anna") && names.count == 2)
        #expect(names.contains { $0.hasPrefix("anna (") })
        // an attempt unfinished here takes the finish it got elsewhere, once
        var finished = rows
        finished.attempts[1].finishedAt = Date()
        finished.attempts[1].outcome = "resolved"
        finished.attempts[1].score = 90
        finished.attempts[1].passed = true
        #expect(try target.merge(finished).attempts == 1)
        #expect(try target.merge(finished).attempts == 0)
    }

    @Test func theReportCountsWhatTheRowsHold() throws {
        let (store, anna) = try sample()
        let boris = try store.createProfile(name: "boris", language: .ru)
        for (caseId, score, passed) in [("clinic-confirmation-call", 40, false), ("clinic-confirmation-call", 100, true),
                                        ("late-refund", 90, true)] {
            let attempt = try store.startAttempt(profileId: boris.id!, caseId: caseId, language: .ru, seed: 1)
            try store.append(TurnRecord(number: 1, kind: .reply, input: "x", findings: passed ? [] : [finding, finding],
                                        penalty: 0), to: attempt.id!)
            try store.finish(attemptId: attempt.id!, outcome: .resolved, score: score, passed: passed)
        }
        let report = TeamReport(rows: try store.teamRows(), source: "local")
        let annaFigures = try #require(report.trainees.first { $0.id == anna.uuid })
        let borisFigures = try #require(report.trainees.first { $0.id == boris.uuid })
        #expect(annaFigures.attempts == 2 && annaFigures.finished == 1 && annaFigures.passedCases == 0)
        #expect(annaFigures.averageBest == 70)
        #expect(annaFigures.mistakes == [TeamReport.RuleCount(rule: "look-it-up", count: 1)])
        #expect(borisFigures.passedCases == 2 && borisFigures.averageBest == 95)
        #expect(borisFigures.mistakeCounts == ["look-it-up": 2])
        // scores 40, 100, 90: the last one against the one before
        #expect(borisFigures.trend == -10)
        let clinic = try #require(report.cases.first { $0.caseId == "clinic-confirmation-call" })
        #expect(clinic.attempts == 3 && clinic.passed == 1 && clinic.trainees == 2)
        #expect(abs(clinic.averageScore - 70) < 0.001)
        #expect(report.cases.first?.caseId == "clinic-confirmation-call", "the hardest first")
        #expect(report.rules == ["look-it-up"])
        let later = TeamReport(rows: try store.teamRows().filtered(since: Date().addingTimeInterval(60)), source: "local")
        #expect(later.trainees.isEmpty && later.cases.isEmpty)
    }

    @Test func aNewTeamStoreGetsEveryRowAgain() throws {
        let (store, anna) = try sample()
        try store.markSent(try store.pendingTeamRows(profileIds: [anna.id!], limit: 100).entries)
        try store.setTeam(profileId: anna.id!, team: "support-a", database: "postgres://t@localhost/team")
        let (rows, _) = try store.pendingTeamRows(profileIds: [anna.id!], limit: 100)
        #expect(rows.attempts.count == 2 && rows.turns.count == 3)
        #expect(rows.profiles.first?.team == "support-a")
        #expect(try store.profile(named: "anna")?.teamDatabase == "postgres://t@localhost/team")
    }
}
