import Foundation
import Testing
@testable import Sparring

@Suite struct SessionTests {
    func session(_ id: String = "clinic-confirmation-call", _ language: Language = .ru, seed: UInt64 = 7) -> Session {
        Session(caseFile: Shared.loadCase(id, language), grader: Shared.grader, seed: seed)
    }

    func customerLines(_ events: [SessionEvent]) -> [String] {
        events.compactMap { if case .customer(_, let text) = $0 { return text } else { return nil } }
    }

    @Test func opensWithTheCustomersMessage() {
        let session = session()
        #expect(customerLines(session.start()) == [session.caseFile.opening.trimmingCharacters(in: .whitespacesAndNewlines)])
    }

    @Test func reactsToTheWorstMistakeWithTheCaseLine() {
        let session = session()
        let events = session.handle("Назовите номер телефона, пожалуйста.")
        #expect(customerLines(events) == [session.caseFile.reactions["look-it-up"]!.trimmingCharacters(in: .whitespacesAndNewlines)])
        #expect(session.patience == session.caseFile.persona.patience - 1)
    }

    @Test func goodReplyResolvesAndPasses() {
        let session = session()
        let events = session.handle(session.caseFile.modelReply)
        #expect(events.last == .ended(.resolved))
        #expect(session.passed)
        #expect(session.score == 100)
    }

    @Test func mistakesUntilPatienceRunsOutWalkAway() {
        let session = session()
        var last: [SessionEvent] = []
        for _ in 0..<session.caseFile.persona.patience { last = session.handle("Назовите номер телефона.") }
        #expect(last.last == .ended(.walkedAway))
        #expect(customerLines(last).last == session.caseFile.endings["walked-away"]!.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(!session.passed)
        #expect(session.handle("Здравствуйте!") == [.notice(Shared.grader.catalog.text("session.over", .ru))])
    }

    @Test func quitSettlesWhatTheConversationStillOwes() {
        let session = session()
        _ = session.handle("Здравствуйте!")
        #expect(session.handle("/quit") == [.ended(.quit)])
        // each unanswered question counts once, however many replies passed it over
        #expect(session.owed.filter { $0.rule == "unanswered-question" }.count == session.caseFile.questions.count)
        #expect(session.outcome == .quit)
    }

    @Test func lookupShowsRecordsAndIsRemembered() {
        let session = session()
        let events = session.handle("/lookup phone")
        guard case .records(let records) = events.first else { Issue.record("no records: \(events)"); return }
        #expect(records.map(\.kind) == ["phone"])
        #expect(session.conversation.lookedUp)
        // asking after looking up is still look-it-up
        #expect(session.handle("Назовите телефон.").contains { if case .findings(_, let findings, _) = $0 { return findings.contains { $0.rule == "look-it-up" } }; return false })
    }

    @Test func hintCostsPointsOncePerTurn() {
        let session = session()
        guard case .hint = session.handle("/hint").first else { Issue.record("no hint"); return }
        guard case .notice = session.handle("/hint").first else { Issue.record("second hint allowed"); return }
        #expect(session.score == 95)
    }

    @Test func clarifyingQuestionGetsTheReveal() {
        let session = session("integration-email-site-down", .en)
        let reveal = session.caseFile.ambiguity!.reveal.trimmingCharacters(in: .whitespacesAndNewlines)
        let events = session.handle("Hello! Which email did you receive from us, and what does it say exactly?")
        #expect(customerLines(events).contains(reveal), "\(events)")
        #expect(session.conversation.revealed)
    }

    @Test func escalationIsAnInternalNoteTheCustomerDoesNotAnswer() {
        let session = session("refund-demand-escalate", .en)
        let events = session.handle("/escalate Customer demands a refund for the annual plan")
        #expect(session.conversation.escalated)
        #expect(customerLines(events).isEmpty, "\(events)")
    }

    @Test func anUnansweredQuestionCostsOnceInTheScoreAndTheCustomerReasks() {
        let session = session("clinic-confirmation-call", .en)
        let first = session.handle("Hello Vera! I understand how worrying it is to wait for a call that never comes.")
        #expect(!first.contains { if case .findings(_, let findings, _) = $0 { return findings.contains { $0.rule == "unanswered-question" } }; return false })
        #expect(!customerLines(first).isEmpty)
        _ = session.handle("I'm looking into it now.")
        _ = session.handle("/quit")
        #expect(session.owed.filter { $0.rule == "unanswered-question" }.count == session.caseFile.questions.count)
        #expect(session.score == 100 - session.owed.penalty)
    }

    @Test func aSplitAnswerReplyThenEscalatePasses() {
        let session = session("refund-demand-escalate", .en)
        let reply = session.caseFile.modelReply
        _ = session.handle(reply)
        if !session.isOver { _ = session.handle("/escalate Refund demand for the annual plan: needs a lead's decision") }
        #expect(session.outcome == .resolved, "\(session.turns.map(\.input))")
        #expect(!session.owed.contains { $0.rule == "not-escalated" })
        #expect(session.conversation.delivered["escalation"] != nil)
    }

    @Test func aNoSaidAloneIsDiggingInAndTheCustomerAsksWhoDecides() {
        let session = session("gift-certificate-delivery-bug", .en)
        let events = session.handle("Hello Kevin, I'm sorry your request sat unassigned for a week. I've reported the "
                                    + "certificate bug to our developers. Unfortunately we don't reimburse "
                                    + "third-party costs like movers.")
        #expect(session.conversation.escalated && !session.conversation.handedUp)
        #expect(customerLines(events).contains(Shared.grader.catalog.text("customer.reaction.not-escalated", .en)),
                "\(customerLines(events))")
        _ = session.handle("/escalate Movers' $40: the customer asks for it back; needs a manager's decision")
        #expect(session.conversation.handedUp, "a hand-off afterwards takes the no up")
    }

    @Test func theDebriefListsOnlyWhatTheCaseOwed() {
        // no refusal, no required hand-off: "I'll pass it on" and "you can also" are neither owed nor listed
        let session = session("clinic-confirmation-call", .en)
        _ = session.handle("Hello Vera, I understand how worrying the wait is. Your booking is confirmed, no call "
                           + "is needed. I'll pass the pop-up text to my colleagues so it gets fixed, and you can "
                           + "also check the booking in your account.")
        #expect(session.conversation.delivered["escalation"] == nil)
        #expect(session.conversation.delivered["alternative"] == nil)
        #expect(session.conversation.delivered["empathy"] != nil, "an anxious customer is owed empathy")
    }

    @Test func escalatingWhatYouCouldSolveIsAdviceNotADeadlyMistake() {
        let session = session("store-hold-smartphone", .en)
        let events = session.handle("/escalate please handle this")
        #expect(!events.contains { if case .findings = $0 { return true }; return false })
        #expect(events.contains(.notice(Shared.grader.catalog.text("escalate.needless", .en))))
        #expect(session.score == 100)
    }

    @Test func sameSeedSameCustomer() {
        let replies = ["Здравствуйте!", "Подождите.", "Всё хорошо."]
        let a = session(seed: 42), b = session(seed: 42)
        #expect(replies.map { a.handle($0) } == replies.map { b.handle($0) })
    }

    @Test func restartStartsOver() {
        let session = session()
        _ = session.handle("Назовите номер телефона.")
        let events = session.handle("/restart")
        #expect(events.first == .restarted)
        #expect(session.turns.isEmpty)
        #expect(session.patience == session.caseFile.persona.patience)
    }

    @Test func unknownCommandSuggestsOne() {
        let events = session().handle("/lokup")
        guard case .notice(let text) = events.first else { Issue.record("\(events)"); return }
        #expect(text.contains("/lookup"))
    }
}

@Suite struct CourseTests {
    func course(_ language: Language) -> Course {
        let path = Shared.root.appendingPathComponent("Curriculum/\(language.rawValue)/course.yaml").path
        let known = Set((try? FileManager.default.contentsOfDirectory(atPath: Shared.root.appendingPathComponent("Cases/\(language.rawValue)").path))?
            .map { String($0.dropLast(5)) } ?? [])
        let (course, diagnostics) = Course.load(text: try! String(contentsOfFile: path, encoding: .utf8), path: path, knownCases: known)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        return course!
    }

    @Test func bothLanguagesHaveTheSameModulesAndLessons() {
        let ru = course(.ru), en = course(.en)
        #expect(ru.modules.map(\.id) == en.modules.map(\.id))
        #expect(ru.modules.map(\.cases) == en.modules.map(\.cases))
        for language in Language.allCases {
            for module in course(language).modules {
                let lesson = Shared.root.appendingPathComponent("Curriculum/\(language.rawValue)/\(module.lesson)").path
                #expect(FileManager.default.fileExists(atPath: lesson), "\(lesson)")
            }
        }
        #expect(en.modules.last.map { !$0.hints } == true)
    }

    @Test func modulesUnlockInOrder() {
        let course = course(.en)
        var progress = CourseProgress(course: course, results: [])
        #expect(progress.modules.map(\.status) == [.current] + Array(repeating: .locked, count: course.modules.count - 1))
        let first = course.modules[0]
        var results = first.cases.map { CaseResult(caseId: $0, score: 90, passed: true, moduleId: first.id) }
        progress = CourseProgress(course: course, results: results)
        #expect(progress.modules[0].status == .done)
        #expect(progress.modules[1].status == .current)
        // a failed attempt never lowers the best result
        results.append(CaseResult(caseId: first.cases[0], score: 10, passed: false, moduleId: first.id))
        #expect(CourseProgress(course: course, results: results).modules[0].status == .done)
    }

    @Test func lowAverageOrADeadlyMistakeKeepsTheModule() {
        let course = course(.en)
        let first = course.modules[0]
        let low = first.cases.map { CaseResult(caseId: $0, score: 60, passed: true, moduleId: first.id) }
        #expect(CourseProgress(course: course, results: low).modules[0].status == .current)
        let failed = first.cases.map { CaseResult(caseId: $0, score: 95, passed: $0 != first.cases[0], moduleId: first.id) }
        #expect(CourseProgress(course: course, results: failed).modules[0].status == .current)
    }

    @Test func onlyAttemptsInTheModuleUnderItsRulesCount() {
        let course = course(.en)
        let first = course.modules[0]
        // the same cases passed in `play` (no module), in a duel, or in another module count for nothing
        for elsewhere in [nil, "duel", course.modules[1].id] {
            let results = first.cases.map { CaseResult(caseId: $0, score: 100, passed: true, moduleId: elsewhere) }
            #expect(CourseProgress(course: course, results: results).modules[0].status == .current, "\(elsewhere ?? "play")")
        }
        // the exam allows no hints: an attempt played with them does not count there
        let exam = course.modules.last!
        #expect(!exam.hints)
        let hinted = CaseResult(caseId: exam.cases[0], score: 100, passed: true, moduleId: exam.id, hintsAllowed: true)
        let plain = CaseResult(caseId: exam.cases[0], score: 100, passed: true, moduleId: exam.id, hintsAllowed: false)
        #expect(!hinted.counts(for: exam))
        #expect(plain.counts(for: exam))
    }

    @Test func recommendsPracticeForTheMostFrequentMistake() {
        let course = course(.en)
        let library = ["clinic-confirmation-call", "ticket-number-please", "virtual-assistant-loop"].map { Shared.loadCase($0, .en) }
        let pick = CourseProgress.recommend(mistakes: ["look-it-up", "look-it-up", "no-greeting"], library: library, passed: ["ticket-number-please"], course: course)
        #expect(pick?.rule == "look-it-up")
        let picked = library.first { $0.id == pick?.caseId }
        #expect(picked?.trains.contains("look-it-up") == true)
        #expect(pick?.caseId != "ticket-number-please")
    }
}
