import Foundation
import GRDB
import Sparring
import Testing
@testable import SparringStore

/// Findings on disk are ids and arguments: a database of sentences (before v4-findings-as-ids) is converted,
/// and what is kept is worded again in either language.
@Suite struct FindingRecordTests {
    let catalog = try! Catalog.load()

    /// A database migrated up to v3, with one Russian attempt whose turns hold findings as the old sentences.
    func oldDatabase(_ findings: [String], inputs: [String]) throws -> (String, () -> Void) {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sparring-v4-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("sparring.sqlite").path
        let old = try DatabaseQueue(path: path)
        _ = try Store(writer: old, upTo: "v3-team-identity")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO profile (name, language, createdAt, uuid)
                    VALUES ('vera', 'ru', '2026-01-01 10:00:00', 'p-1');
                INSERT INTO attempt (profileId, caseId, caseLanguage, seed, startedAt, uuid)
                    VALUES (1, 'clinic-confirmation-call', 'ru', 5, '2026-01-01 10:01:00', 'a-1');
                """)
            for (index, (json, input)) in zip(findings, inputs).enumerated() {
                try db.execute(sql: """
                    INSERT INTO turn (attemptId, number, kind, input, findings, penalty, createdAt, uuid)
                    VALUES (1, ?, 'reply', ?, ?, 30, '2026-01-01 10:02:00', ?)
                    """, arguments: [index + 1, input, json, "t-\(index)"])
            }
        }
        return (path, { try? FileManager.default.removeItem(at: directory) })
    }

    @Test func theMigrationTurnsSentencesIntoIdsAndArguments() throws {
        let lookItUp = """
            [{"rule":"look-it-up","severity":"deadly","evidence":["«Назовите телефон»","Телефон: +7 916"],
              "message":"Вы попросили у клиента «Назовите телефон», но это есть в наших записях: Телефон: +7 916.",
              "instead":"Посмотрите сами.","arguments":{"quote":"Назовите телефон","fact":"Телефон: +7 916"}}]
            """
        // saved before findings kept their arguments: they are read back from the sentence
        let alreadyGiven = """
            [{"rule":"already-given","severity":"deadly","evidence":["«пришлите скриншот»","скриншот"],
              "message":"Вы попросили «пришлите скриншот», но клиент это уже дал: скриншот.","instead":"—"}]
            """
        let empathy = """
            [{"rule":"missing-empathy","severity":"major","evidence":[],"message":"Клиент злится, а ни один ответ \
            пока \
            не показал, что его услышали.","instead":"—","arguments":{"mood":"злится"}},
             {"rule":"sloppy-writing","severity":"minor","evidence":["опечатка: «сегоднч» → сегодня"],
              "message":"—","instead":"—","arguments":{"quote":"сегоднч"}}]
            """
        let inputs = ["Здравствуйте! Назовите телефон, пожалуйста.", "Да, пришлите скриншот", "Всё будет сегоднч"]
        let (path, cleanUp) = try oldDatabase([lookItUp, alreadyGiven, empathy], inputs: inputs)
        defer { cleanUp() }

        let store = try Store(path: path)
        let turns = try store.turns(attemptId: 1)
        #expect(turns.allSatisfy { !$0.findings.contains("\"message\"") && !$0.findings.contains("\"instead\"") },
                "no sentence is kept: \(turns.map(\.findings))")
        #expect(turns.allSatisfy { $0.shown == nil && $0.state == nil }, "old turns have no state to resume from")

        let first = try #require(turns[0].decodedFindings.first)
        #expect(first.rule == "look-it-up" && first.severity == .deadly)
        #expect(first.arguments == ["quote": "Назовите телефон", "fact": "Телефон: +7 916"])
        // the quote is found in the reply: "Здравствуйте! " is 14 scalars
        #expect(first.evidence[0] == EvidenceRecord(quote: "Назовите телефон", start: 14, end: 30, quoted: true))
        #expect(first.evidence[1] == EvidenceRecord(quote: "Телефон: +7 916", quoted: false))

        let second = try #require(turns[1].decodedFindings.first)
        #expect(second.arguments == ["quote": "пришлите скриншот", "fact": "скриншот"], "recovered from the sentence")
        #expect(second.finding(catalog, .en).message == "You asked for “пришлите скриншот”, but the customer already "
            + "gave it: скриншот.")

        let third = turns[2].decodedFindings
        #expect(third[0].terms == ["mood": "mood.angry"] && third[0].arguments.isEmpty)
        #expect(third[0].finding(catalog, .en).message.hasPrefix("The customer is angry,"))
        #expect(third[0].finding(catalog, .ru).message.hasPrefix("Клиент злится,"))
        #expect(third[1].evidence == [EvidenceRecord(quote: "сегоднч", start: 10, end: 17, quoted: true,
                                                     term: "defect.misspelling", note: "сегодня")])
        #expect(third[1].finding(catalog, .en).evidence == ["a misspelt word: «сегоднч» → сегодня"])
        #expect(third[1].finding(catalog, .ru).evidence == ["опечатка: «сегоднч» → сегодня"])
    }

    @Test func aColumnThatIsNotTheOldJSONIsKeptAndReadsAsNoFindings() throws {
        let (path, cleanUp) = try oldDatabase(["not json"], inputs: ["Здравствуйте"])
        defer { cleanUp() }
        let store = try Store(path: path)
        let turn = try #require(try store.turns(attemptId: 1).first)
        #expect(turn.findings == "not json")
        #expect(turn.decodedFindings.isEmpty)
    }

    @Test func aNewTurnKeepsIdsArgumentsWhatWasShownAndTheState() throws {
        let store = try Store()
        let anna = try store.createProfile(name: "anna", language: .ru)
        let attempt = try store.startAttempt(profileId: anna.id!, caseId: "clinic-confirmation-call", language: .ru,
                                             seed: 1)
        let finding = Finding(rule: "canned-phrase", severity: .minor, evidence: ["«Ваш звонок очень важен»"],
                              message: "Шаблонная фраза вместо помощи: «Ваш звонок очень важен».", instead: "…",
                              arguments: ["quote": "Ваш звонок очень важен"])
        var conversation = Conversation(turn: 2)
        conversation.apologised = true
        let state = Session.Snapshot(conversation: conversation, patience: 2, random: 42, hinted: false)
        let record = TurnRecord(number: 1, kind: .reply, input: "Ваш звонок очень важен для нас", findings: [finding],
                                penalty: 5)
        try store.append(record, to: attempt.id!,
                         shown: [DuelEvent(.customer(name: "Вера", text: "И что?"))], state: state)
        let turn = try #require(try store.turns(attemptId: attempt.id!).first)
        #expect(!turn.findings.contains("Шаблонная"), "the sentence is not kept: \(turn.findings)")
        #expect(turn.decodedFindings == [FindingRecord(rule: "canned-phrase", severity: .minor,
                                                       evidence: [EvidenceRecord(quote: "Ваш звонок очень важен",
                                                                                 start: 0, end: 22, quoted: true)],
                                                       arguments: ["quote": "Ваш звонок очень важен"])])
        #expect(turn.decodedFindings.findings(catalog, .en).first?.message
            == "A stock phrase stands in for help: “Ваш звонок очень важен”.")
        #expect(turn.decodedState == state)
        #expect(turn.decodedShown == [DuelEvent(kind: .customer, text: "И что?")])
    }

    @Test func findingsOfAVersionOneExportStillRead() throws {
        let json = """
            {"rule":"not-my-job","severity":"deadly","evidence":["«это не к нам»"],"message":"…","instead":"…",
             "arguments":{"quote":"это не к нам"}}
            """
        let record = try JSONDecoder().decode(FindingRecord.self, from: Data(json.utf8))
        #expect(record.evidence == [EvidenceRecord(quote: "это не к нам", quoted: true)])
        #expect(record.finding(catalog, .ru).message == "Ответ отказывается от проблемы: «это не к нам».")
    }
}
