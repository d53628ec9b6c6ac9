import Foundation
import Testing

/// Runs the built `sparring` binary as a trainee or a trainer would: through pipes and a real terminal.
enum Binary {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var path: String { root.appendingPathComponent(".build/debug/sparring").path }

    static func home() -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sparring-e2e-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Starts the binary in the project's root with its own data folder and colour allowed.
    static func start(_ arguments: [String], home: String) throws -> Child {
        var environment = ProcessInfo.processInfo.environment
        environment["SPARRING_HOME"] = home
        environment.removeValue(forKey: "NO_COLOR")
        return try Child([path] + arguments, directory: root.path, environment: environment)
    }

    /// Runs to the end with `input` on standard input; returns the exit status and everything printed.
    static func run(_ arguments: [String], input: String = "", home: String? = nil) throws -> (Int32, String) {
        let child = try start(arguments, home: home ?? Binary.home())
        child.write(input)
        child.closeInput()
        child.read()
        return (try child.wait(), child.printed)
    }
}

@Suite(.serialized) struct ScriptedSessionTests {
    let modelReply = "Здравствуйте, Вера! Понимаю, как тревожно сидеть у телефона. Я нашла вашу запись: она подтверждена, вас ждут завтра в 10:30. Звонка ждать не нужно: запись к терапевту подтверждается автоматически. Простите, что вам так и не позвонили."

    @Test func resolvedEndingShowsTheDebrief() throws {
        let (status, output) = try Binary.run(["play", "clinic-confirmation-call", "--new-profile", "anna", "--seed", "1", "--lang", "ru"],
                                              input: "Назовите номер телефона\n/lookup\n\(modelReply)\n")
        #expect(output.contains("Просить то, что есть в наших системах"))
        #expect(output.contains("+7 916 482-37-15"))
        #expect(output.contains("Разбор"))
        #expect(output.contains("вопрос решён"))
        #expect(output.contains("НЕ ЗАЧТЕНО"))
        #expect(!output.contains("\u{1B}["), "no colour through a pipe")
        #expect(status == 1)
    }

    @Test func cleanRunPasses() throws {
        let (status, output) = try Binary.run(["play", "clinic-confirmation-call", "--new-profile", "anna", "--seed", "1", "--lang", "ru"],
                                              input: "\(modelReply)\n")
        #expect(output.contains("ЗАЧТЕНО"))
        #expect(output.contains("100/100"))
        #expect(status == 0)
    }

    @Test func walkedAwayEnding() throws {
        let ask = "Назовите номер телефона\n"
        let (status, output) = try Binary.run(["play", "clinic-confirmation-call", "--new-profile", "anna", "--seed", "1", "--lang", "en"],
                                              input: String(repeating: "What is your phone number?\n", count: 3) + ask)
        #expect(output.contains("the customer walked away"))
        #expect(status == 1)
    }

    @Test func customerLinesFlowAsSentencesNotAsTheAuthorWrappedThem() throws {
        // the case file breaks this reaction after "or"; the trainee reads whole sentences, wrapped
        // at 80 columns through a pipe, every line after the first under the message's first word
        let (_, output) = try Binary.run(["play", "clinic-confirmation-call", "--new-profile", "anna", "--seed", "1", "--lang", "en"],
                                         input: "Hi Emily! Its been a long wait, sorry.\n/quit\n")
        let reaction = try #require(output.components(separatedBy: "\n\n").first { $0.hasPrefix("Emily: Wait") }, "\(output)")
        #expect(reaction.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("       ") && !$0.hasPrefix("        ") }, "\(reaction)")
        #expect(reaction.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("Do I keep sitting by the phone, or can I get on with my day?"))
        #expect(output.contains("call?\n       Emily Carter\n"), "a signature keeps its own line")
    }

    @Test func quitSavesAndResumes() throws {
        let home = Binary.home()
        let first = try Binary.run(["play", "clinic-confirmation-call", "--new-profile", "anna", "--lang", "ru", "--seed", "1"], input: "Здравствуйте, Вера!\n/quit\n", home: home)
        #expect(first.0 == 0)
        #expect(first.1.contains("Сохранено"))
        // a piped session is not asked whether to resume (a line is a reply): it resumes
        let second = try Binary.run(["play", "clinic-confirmation-call", "--profile", "anna"], input: "/history\n/quit\n", home: home)
        #expect(second.1.contains("1. Здравствуйте, Вера!"))
        #expect(second.1.contains("уже 1 ответ."))
        #expect(second.1.contains("сохранено: 1 шаг"))
    }

    @Test func killedMidCaseLosesNoAnsweredTurn() throws {
        let home = Binary.home()
        let child = try Binary.start(["--new-profile", "dina", "--lang", "ru"], home: home)
        child.write("Пришлите, пожалуйста, скриншот ошибки.\n")
        #expect(child.read(until: { $0.contains("Просить то, что клиент уже дал") }))
        child.write("Здравствуйте! Спасибо, что написали.\n")
        // the turn is committed before the customer answers it: wait for the answer's prompt, then kill
        #expect(child.read(until: { seen in
            guard let range = seen.range(of: "Здравствуйте! Спасибо, что написали.") else { return false }
            return seen[range.upperBound...].contains(":\u{20}")
        }))
        child.killNow()
        let seen = child.printed
        #expect(seen.contains("Просить то, что клиент уже дал"))

        let (status, output) = try Binary.run(["--profile", "dina"], input: "/history\n/quit\n", home: home)
        #expect(output.contains("1. Пришлите, пожалуйста, скриншот ошибки."), "\(output)")
        #expect(output.contains("2. Здравствуйте! Спасибо, что написали."))
        #expect(status == 0)
    }
}

@Suite struct DuelCommandTests {
    @Test func hotSeatDuelThroughAPipe() throws {
        let good = "Здравствуйте, Вера! Понимаю, как тревожно ждать. Простите, что вам не позвонили: запись подтверждена, вас ждут завтра в 10:30, звонка ждать не нужно."
        let home = Binary.home()
        let (status, output) = try Binary.run(["duel", "clinic-confirmation-call", "--players", "anna,boris", "--seed", "3", "--lang", "ru"],
                                              input: "Назовите телефон\n\(good)\n\(good)\n", home: home)
        #expect(status == 0)
        #expect(output.contains("anna, ваш ход (раунд 1)"))
        #expect(output.contains("boris, ваш ход (раунд 1)"))
        #expect(output.contains("anna, ваш ход (раунд 2)"))
        #expect(output.contains("Итоговая таблица"))
        #expect(output.contains("Победитель: boris!"))
        let board = try #require(output.components(separatedBy: "Итоговая таблица").last)
        #expect(board.contains("\nНет приветствия "), "rules by their titles:\n\(board)")
        #expect(!board.contains("no-greeting") && !board.contains("look-it-up"))
        let progress = try Binary.run(["progress", "--profile", "anna", "--json"], home: home)
        #expect(progress.1.contains("clinic-confirmation-call"))
    }

    @Test func joiningWithABadAddressIsAUsageError() throws {
        let (status, output) = try Binary.run(["duel", "join", "nowhere", "--code", "X", "--name", "anna"])
        #expect(status == 2)
        #expect(output.contains("HOST:PORT"))
    }
}

@Suite struct CommandTests {
    @Test func caseCheckReportsBrokenFilesWithLocations() throws {
        let (status, output) = try Binary.run(["cases", "check", "Tests/SparringTests/Fixtures/broken"])
        #expect(status == 1)
        #expect(output.contains("Tests/SparringTests/Fixtures/broken/unknown-rule.yaml:25:3: error: unknown rule 'look-it-upp' in reactions; did you mean 'look-it-up'?"))
        #expect(output.contains("errors"))
    }

    @Test func libraryChecksAndTestsClean() throws {
        let (checkStatus, check) = try Binary.run(["cases", "check"])
        #expect(checkStatus == 0, "\(check)")
        #expect(check.contains("0 errors, 0 warnings"))
        let (testStatus, test) = try Binary.run(["cases", "test"])
        #expect(testStatus == 0, "\(test)")
        #expect(test.contains(" 0 failed"))
    }

    @Test func gradeJSONCarriesSignalsFindingsAndScore() throws {
        let (status, output) = try Binary.run(["grade", "--json", "--case", "clinic-confirmation-call", "--lang", "ru", "Назовите номер телефона"])
        #expect(status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let signals = try #require(object["signals"] as? [String: Any])
        #expect(signals["asks_for"] as? [String] == ["phone"])
        let rules = (object["findings"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } ?? []
        #expect(rules.contains("look-it-up"))
        #expect(object["score"] as? Int == 15)
    }

    @Test func batchGoesOnPastBadLines() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString).jsonl")
        try """
        {"id": "a", "lang": "en", "text": "Hello! Sorry for the delay."}
        not json
        {"id": "c", "lang": "xx", "text": "Hi"}
        {"id": "d", "lang": "ru", "text": "Здравствуйте! Это к бухгалтеру."}
        """.write(to: file, atomically: true, encoding: .utf8)
        let (status, output) = try Binary.run(["grade", "--batch", file.path, "--json"])
        let lines = output.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(status == 1, "two lines failed")
        #expect(lines.count == 4)
        #expect(lines[0]?["id"] as? String == "a")
        #expect(lines[1]?["error"] != nil)
        #expect(lines[2]?["error"] as? String == "line 3: unknown lang 'xx'; use ru or en")
        #expect((lines[3]?["signals"] as? [String: Any])?["deflection"] as? Bool == true)
    }

    @Test func trainWritesAModelAndNamesBadLines() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("train-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let owners = ["Priya", "Tom", "Kemal", "Ada", "Joss", "Mara", "Ines", "Luka", "Odile", "Ravi", "Bea", "Nils"]
        let lines = owners.flatMap { owner in [
            #"{"lang": "en", "text": "Your case sits with the night desk now; \#(owner) there rings back today.", "escalation": true}"#,
            #"{"lang": "en", "text": "The parcel left the depot and \#(owner) signed the sheet.", "escalation": false}"#,
        ] }
        let labelled = folder.appendingPathComponent("labelled.jsonl")
        try lines.joined(separator: "\n").write(to: labelled, atomically: true, encoding: .utf8)
        let (status, output) = try Binary.run(["train", "--out", folder.path, labelled.path])
        #expect(status == 0, "\(output)")
        #expect(output.contains("escalation"))
        let model = try String(contentsOf: folder.appendingPathComponent("en/signal-model.txt"), encoding: .utf8)
        #expect(model.contains("signals\tescalation"))

        try (lines[0] + "\nnot json\n").write(to: labelled, atomically: true, encoding: .utf8)
        let (badStatus, bad) = try Binary.run(["train", "--out", folder.path, labelled.path])
        #expect(badStatus == 1)
        #expect(bad.contains("\(labelled.path):2: error: not a JSON object with a 'text' string; fix or remove the line"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try Binary.run(["grade"]).0 == 2)
        #expect(try Binary.run(["play", "no-such-case"]).0 == 2)
        #expect(try Binary.run(["--no-such-flag"]).0 == 2)
        let (status, output) = try Binary.run(["cases", "new", "Bad_Id"])
        #expect(status == 2)
        #expect(output.contains("kebab-case"))
    }

    @Test func unknownCaseSuggestsTheNearest() throws {
        let (_, output) = try Binary.run(["play", "clinic-confirmation-cal"])
        #expect(output.contains("did you mean 'clinic-confirmation-call'?"))
    }
}

/// The REPL in a real terminal (tmux): line editing, history recall with arrow-up, Tab completion, colour.
@Suite struct TerminalTests {
    let tmux = Tmux()

    /// The visible pane once it shows `text` (or after ten seconds).
    func screen(_ session: String, until text: String, colours: Bool = false) throws -> String {
        try tmux.wait(session, seconds: 10, whole: false, colours: colours) { $0.contains(text) }
    }

    @Test func historyRecallTabCompletionAndColour() throws {
        let session = "sparring-e2e-\(UInt32.random(in: 0...UInt32.max))"
        let home = Binary.home()
        let command = tmux.sparring("play clinic-confirmation-call --new-profile tess --seed 2 --lang ru", home: home,
                                    after: "sleep 5")
        try tmux.start(session, command, width: 160)
        defer { tmux.stop() }
        #expect(try screen(session, until: "›").contains("Вера"))
        try tmux.type(session, "Здравствуйте, Вера! Проверяю запись.")
        // the reply is graded and the customer has answered once the prompt is back on the last line
        #expect(try screen(session, until: "замечаний нет").contains("замечаний нет"))
        let answered = try tmux.wait(session, seconds: 10, whole: false) { answered in
            answered.split(separator: "\n").last?.hasSuffix("›") == true && answered.components(separatedBy: "Вера · чат ›").count == 3
        }
        #expect(answered.components(separatedBy: "Вера · чат ›").count == 3, "the prompt after the customer's answer:\n\(answered)")
        try tmux.keys(session, "/lo", "Tab")
        #expect(try screen(session, until: "› /lookup").contains("› /lookup"))
        try tmux.keys(session, "C-u")
        try tmux.keys(session, "Up")
        let recalled = try screen(session, until: "› Здравствуйте, Вера! Проверяю запись.\n")
        #expect(recalled.split(separator: "\n").last { $0.contains("›") }?.contains("Здравствуйте, Вера! Проверяю запись.") == true)
        let coloured = try screen(session, until: "\u{1B}[", colours: true)
        #expect(coloured.contains("\u{1B}["), "colour on a terminal")
        try tmux.keys(session, "C-u", "/quit", "Enter")
        #expect(try screen(session, until: "Сохранено").contains("Сохранено"))
        let history = try String(contentsOfFile: home + "/history/tess.txt", encoding: .utf8)
        #expect(history.contains("Здравствуйте, Вера! Проверяю запись."))
    }
}
