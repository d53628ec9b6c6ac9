import Foundation
import GRDB
import SparringStore
import Testing

/// What the binary keeps of a turn is ids and arguments: a resume words the stored findings again and
/// shows what the customer said then, without grading the replies again; the HTML report's filters
/// recompute every chart from the attempts it keeps, duels as their own module.
@Suite struct StoredFindingsTests {
    static func squeezed(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func aResumeShowsWhatWasStoredWithoutGradingAgain() throws {
        let home = Binary.home()
        let play = ["play", "clinic-confirmation-call", "--seed", "1", "--lang", "ru"]
        let (_, first) = try Binary.run(play + ["--new-profile", "anna"], input: "Назовите номер телефона\n",
                                        home: home)
        let path = home + "/sparring.sqlite"
        let turn: Turn
        do {
            let store = try Store(path: path)
            let anna = try #require(try store.profile(named: "anna"))
            let (_, turns) = try #require(try store.unfinishedAttempt(profileId: anna.id!), "\(first)")
            turn = try #require(turns.first)
        }
        #expect(turn.decodedFindings.map(\.rule).contains("look-it-up"), "\(turn.findings)")
        #expect(!turn.findings.contains("\"message\"") && !turn.findings.contains("наших записях"), "no sentence kept")
        let quote = try #require(turn.decodedFindings.first { $0.rule == "look-it-up" }?.evidence.first)
        #expect(quote.start != nil && quote.end != nil, "the quote's place in the reply is kept: \(quote)")
        #expect(turn.decodedState != nil, "the session's state after the turn is kept")
        let reaction = try #require(turn.decodedShown?.first { $0.kind == .customer }?.text, "what the customer said")
        #expect(Self.squeezed(first).contains(Self.squeezed(reaction)))

        // a finding the grader never gives this reply: only a resume that reads the store can show it
        let words = EvidenceRecord(quote: "Назовите номер", start: 0, end: 14, quoted: true)
        let planted = FindingRecord(rule: "canned-phrase", severity: .minor, evidence: [words],
                                    arguments: ["quote": "Назовите номер"])
        let json = String(decoding: try JSONEncoder().encode([planted]), as: UTF8.self)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "UPDATE turn SET findings = ? WHERE id = ?", arguments: [json, turn.id!])
        }
        let (_, resumed) = try Binary.run(play + ["--profile", "anna"], input: "/quit\n", home: home)
        let screen = Self.squeezed(resumed)
        #expect(screen.contains("Пустая шаблонная фраза"), "the stored finding, by its title:\n\(resumed)")
        #expect(screen.contains("Шаблонная фраза вместо помощи: «Назовите номер»."), "its message:\n\(resumed)")
        #expect(!screen.contains("Просить то, что есть в наших системах"), "nothing graded again:\n\(resumed)")
        #expect(screen.contains(Self.squeezed(reaction)), "the customer's line as it was:\n\(resumed)")
        #expect(screen.contains("Сохранено"), "\(resumed)")
    }

    /// The figures a filtered report gives, for the page's recomputed ones to be checked against.
    static func report(_ arguments: [String], home: String) throws -> TeamReport {
        let (status, output) = try Binary.run(["report", "--from", "local", "--lang", "ru", "--json"] + arguments,
                                              home: home)
        #expect(status == 0, "\(output)")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            return ExportDocument.date(text) ?? .distantPast
        }
        return try decoder.decode(TeamReport.self, from: Data(output.utf8))
    }

    /// The page as Chromium leaves it after its script ran with `fragment` in the address.
    static func dom(_ page: String, _ fragment: String) throws -> String {
        let child = try Child(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=2000",
                               "--dump-dom", "file://\(page)#\(fragment)"],
                              directory: Binary.root.path, environment: ProcessInfo.processInfo.environment)
        child.closeInput()
        child.read(seconds: 60)
        #expect(try child.wait(seconds: 60) == 0, "chromium failed:\n\(child.printed)")
        return child.printed
    }

    /// The opening tag of the element whose attributes start with `attributes`.
    static func tag(_ dom: String, _ attributes: String) -> String? {
        guard let range = dom.range(of: attributes) else { return nil }
        let start = dom[..<range.lowerBound].lastIndex(of: "<") ?? range.lowerBound
        return dom[start...].prefix { $0 != ">" }.description
    }

    @Test func theReportsFiltersRecomputeEveryChartAndDuelsAreAModule() throws {
        let home = Binary.home()
        let ru = ["--lang", "ru"]
        _ = try Binary.run(["play", "clinic-confirmation-call", "--new-profile", "anna", "--seed", "1"] + ru,
                           input: "Назовите номер телефона\n\(FlowTests.goodReply)\n", home: home)
        _ = try Binary.run(["duel", "clinic-confirmation-call", "--players", "anna,boris", "--seed", "3"] + ru,
                           input: "Назовите телефон\n\(FlowTests.goodReply)\n\(FlowTests.goodReply)\n", home: home)
        // progress: the duel is a module of its own, and the case's other attempts are not counted with it
        let (_, progress) = try Binary.run(["progress", "--profile", "anna", "--json"], home: home)
        let object = try JSONSerialization.jsonObject(with: Data(progress.utf8)) as? [String: Any]
        let sections = try #require(object?["modules"] as? [[String: Any]], "\(progress)")
        func attempts(_ section: [String: Any]) -> Int {
            ((section["cases"] as? [[String: Any]]) ?? [])
                .filter { $0["caseId"] as? String == "clinic-confirmation-call" }
                .reduce(0) { $0 + ($1["attempts"] as? Int ?? 0) }
        }
        let duelSections = sections.filter { $0["status"] as? String == "duel" }
        #expect(duelSections.count == 1 && duelSections.first?["module"] as? String == "Дуэли", "\(progress)")
        #expect(duelSections.map(attempts).reduce(0, +) == 1, "one duel attempt: \(progress)")
        #expect(sections.filter { $0["status"] as? String != "duel" }.map(attempts).reduce(0, +) == 1,
                "the play attempt alone outside the duels: \(progress)")
        let (_, screen) = try Binary.run(["progress", "--profile", "anna"], home: home)
        #expect(screen.contains("Дуэли"), "\(screen)")

        let page = Binary.home() + "/report.html"
        let (status, output) = try Binary.run(["report", "--from", "local", "--html", page] + ru, home: home)
        #expect(status == 0, "\(output)")
        let everything = try Self.report([], home: home)
        let duel = try #require(everything.modules.first { $0.id == "duel" }, "a module: \(everything.modules)")
        #expect(duel.done == 1 && duel.current == 1, "boris won his duel, anna did not: \(duel)")

        // the page's `to` is a day included; the command's --until is the moment after it
        let filters = [("module=duel", ["--module", "duel"]),
                       ("from=2000-01-01&to=2000-01-02", ["--since", "2000-01-01", "--until", "2000-01-03"])]
        for (fragment, arguments) in filters {
            let filtered = try Self.report(arguments, home: home)
            let dom = try Self.dom(page, fragment)
            for trainee in everything.trainees {
                let row = try #require(Self.tag(dom, "class=\"trainee\" data-id=\"\(trainee.id)\""), "\(dom)")
                guard let figures = filtered.trainees.first(where: { $0.id == trainee.id }) else {
                    #expect(row.contains("hidden"), "\(trainee.name) has no attempt left (\(fragment)): \(row)")
                    continue
                }
                #expect(!row.contains("hidden"), "\(row)")
                #expect(row.contains("data-passed-cases=\"\(figures.passedCases)\""), "\(fragment): \(row)")
                let average = figures.averageBest.map(String.init) ?? ""
                #expect(row.contains("data-average-best=\"\(average)\""), "\(fragment): \(row)")
                for rule in everything.rules {
                    let count = figures.mistakeCounts[rule] ?? 0
                    let cell = "data-trainee=\"\(trainee.id)\" data-rule=\"\(rule)\" data-count=\"\(count)\""
                    #expect(dom.contains(cell),
                            "\(fragment): \(trainee.name) × \(rule)")
                }
            }
            for figures in everything.cases {
                let row = try #require(Self.tag(dom, "class=\"case\" data-case=\"\(figures.caseId)\""))
                let kept = filtered.cases.first { $0.caseId == figures.caseId }
                #expect(row.contains("data-attempts=\"\(kept?.attempts ?? 0)\""), "\(fragment): \(row)")
                let rate = String(format: "%.4f", kept?.passRate ?? 0)
                #expect(row.contains("data-pass-rate=\"\(rate)\""), "\(fragment): \(row)")
            }
            let group = try #require(Self.tag(dom, "class=\"module\" data-module=\"duel\""))
            let keptDuel = filtered.modules.first { $0.id == "duel" }
            #expect(group.contains("data-done=\"\(keptDuel?.done ?? 0)\" data-current=\"\(keptDuel?.current ?? 0)\""),
                    "\(fragment): \(group)")
        }
    }
}
