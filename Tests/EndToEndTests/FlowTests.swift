import Foundation
import Testing

/// A trainee's and a trainer's flow through the built binary: what survives a broken case file, a
/// mistyped profile, scripted input, a resume, and what counts toward the course.
@Suite struct FlowTests {
    static let goodReply = "Здравствуйте, Вера! Понимаю, как тревожно сидеть у телефона. Я нашла вашу запись: она подтверждена, "
        + "вас ждут завтра в 10:30. Звонка ждать не нужно: запись к терапевту подтверждается автоматически. "
        + "Простите, что вам так и не позвонили."
    static let goodEnglish = "Hi Emily! I understand how stressful the wait is. I found your booking: it is confirmed for "
        + "tomorrow at 10:30, so there is no call to wait for. Sorry that nobody called you."

    /// A copy of the case library with a trainer's broken draft in it.
    static func libraryWithADraft() throws -> String {
        let folder = Binary.home() + "/Cases"
        try FileManager.default.copyItem(atPath: Binary.root.appendingPathComponent("Cases").path, toPath: folder)
        try "format: 1\nid: draft\nlang: ru\ntitle: [unclosed\n".write(toFile: folder + "/ru/draft.yaml", atomically: true, encoding: .utf8)
        return folder
    }

    /// A course of one module that plays clinic-confirmation-call, in Russian.
    static func oneModuleCourse() throws -> String {
        let folder = Binary.home() + "/Curriculum"
        try FileManager.default.createDirectory(atPath: folder + "/ru/lessons", withIntermediateDirectories: true)
        try "# Посмотрите в системе\n\nСначала загляните в записи компании.\n"
            .write(toFile: folder + "/ru/lessons/01.md", atomically: true, encoding: .utf8)
        let course = """
            format: 1
            lang: ru
            title: Пробный курс
            intro: Один модуль, один кейс.
            modules:
              - id: first-steps
                title: Первые шаги
                lesson: lessons/01.md
                cases: [clinic-confirmation-call]
                rules: [look-it-up]
                pass: { average: 80, every_case: true }
                hints: true
            """
        try course.write(toFile: folder + "/ru/course.yaml", atomically: true, encoding: .utf8)
        return folder
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func aBrokenCaseFileDisablesOnlyItself() throws {
        let cases = try Self.libraryWithADraft()
        let home = Binary.home()
        let (courseStatus, course) = try Binary.run(["course", "--cases", cases, "--new-profile", "anna", "--lang", "ru"], home: home)
        #expect(courseStatus == 0, "\(course)")
        #expect(Self.count("draft.yaml", in: course) == 1, "its error once:\n\(course)")
        // in the trainee's language: where the problem is, and who sees the detail
        #expect(course.contains("в файле кейса") && course.contains("draft.yaml:5:1"), "\(course)")
        #expect(try RussianScreenTests.englishWords(course, typed: ["anna"]).isEmpty, "\(course)")
        #expect(course.contains("Прочитайте обращение целиком"), "the course is there:\n\(course)")
        let (playStatus, play) = try Binary.run(["play", "ticket-number-please", "--cases", cases, "--profile", "anna"],
                                                input: "/quit\n", home: home)
        #expect(playStatus == 0, "\(play)")
        #expect(play.contains("Сохранено"), "\(play)")
        let (_, continued) = try Binary.run(["--cases", cases, "--profile", "anna"], input: "/quit\n", home: home)
        #expect(Self.count("draft.yaml", in: continued) == 1, "\(continued)")
        #expect(continued.contains("Сохранено"), "the course's case starts:\n\(continued)")
        let (draftStatus, draft) = try Binary.run(["play", "draft", "--cases", cases, "--profile", "anna"], home: home)
        #expect(draftStatus == 1)
        #expect(draft.contains("draft.yaml:5:1"), "\(draft)")
    }

    @Test func aMistypedProfileIsRefusedAndNothingIsCreated() throws {
        let home = Binary.home()
        _ = try Binary.run(["play", "clinic-confirmation-call", "--new-profile", "anna", "--lang", "ru", "--seed", "1"], input: "Здравствуйте!\n/quit\n", home: home)
        let (status, output) = try Binary.run(["course", "--profile", "anan"], home: home)
        #expect(status == 2)
        #expect(output.contains("«anan»") && output.contains("«anna»") && output.contains("--new-profile anan"), "\(output)")
        let (_, all) = try Binary.run(["progress", "--all", "--json"], home: home)
        #expect(!all.contains("anan"), "no profile was made for the typo: \(all)")
        // `progress` still shows anna, the last one used
        let (_, mine) = try Binary.run(["progress", "--json"], home: home)
        #expect(mine.contains("\"profile\":\"anna\""), "\(mine)")
        // a second profile exists only once created; each one's progress and export is its own
        let (again, _) = try Binary.run(["play", "clinic-confirmation-call", "--new-profile", "anna"], home: home)
        #expect(again == 2, "anna exists already")
        _ = try Binary.run(["play", "ticket-number-please", "--new-profile", "boris", "--lang", "ru", "--seed", "1"], input: "Добрый день!\n/quit\n", home: home)
        let (_, borisProgress) = try Binary.run(["progress", "--profile", "boris", "--json"], home: home)
        #expect(borisProgress.contains("\"profile\":\"boris\""), "\(borisProgress)")
        #expect(borisProgress.contains("{\"attempts\":0,\"caseId\":\"clinic-confirmation-call\""), "not anna's: \(borisProgress)")
        let (missingStatus, missing) = try Binary.run(["progress", "--profile", "vera"], home: home)
        #expect(missingStatus == 2 && !missing.contains("clinic"), "\(missing)")
        let (_, exported) = try Binary.run(["export", "--profile", "boris"], home: home)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(exported.utf8)) as? [String: Any])
        let trainees = try #require(document["profiles"] as? [[String: Any]], "\(exported)")
        #expect(!trainees.isEmpty && trainees.allSatisfy { $0["name"] as? String == "boris" }, "\(trainees)")
    }

    @Test func onlyAttemptsInTheModuleCountTowardIt() throws {
        let curriculum = try Self.oneModuleCourse()
        let home = Binary.home()
        // passed outside the course: the module still waits for it
        let (played, _) = try Binary.run(["play", "clinic-confirmation-call", "--new-profile", "anna", "--lang", "ru", "--seed", "1"],
                                         input: Self.goodReply + "\n", home: home)
        #expect(played == 0)
        let (_, before) = try Binary.run(["course", "--curriculum", curriculum, "--json"], home: home)
        #expect(before.contains("\"status\":\"current\""), "\(before)")
        // passed in the module (scripted: the reply is a reply, no question takes it)
        let (status, inCourse) = try Binary.run(["--curriculum", curriculum], input: Self.goodReply + "\n", home: home)
        #expect(status == 0, "\(inCourse)")
        #expect(inCourse.contains("Модуль пройден: Первые шаги!"), "\(inCourse)")
        let (_, after) = try Binary.run(["course", "--curriculum", curriculum, "--json"], home: home)
        #expect(after.contains("\"status\":\"done\""), "\(after)")
    }

    @Test func globalOptionsGoBeforeOrAfterTheCommand() throws {
        let home = Binary.home()
        let data = home + "/elsewhere"
        let (status, output) = try Binary.run(["--data-dir", data, "--lang", "ru", "course", "--new-profile", "anna"])
        #expect(status == 0, "\(output)")
        #expect(FileManager.default.fileExists(atPath: data + "/sparring.sqlite"))
        let (after, progress) = try Binary.run(["--no-color", "--data-dir=\(data)", "progress", "--json"])
        #expect(after == 0 && progress.contains("\"profile\":\"anna\""), "\(progress)")
    }

    @Test func gradeTakesTheCaseFileInTheRepliesLanguage() throws {
        let (status, output) = try Binary.run(["grade", "--case", "clinic-confirmation-call", "--json", Self.goodEnglish])
        // the Russian file would find the English reply in the wrong language
        #expect(!output.contains("wrong-language"), "\(output)")
        #expect(status <= 1, "\(output)")
        let (_, russian) = try Binary.run(["grade", "--case", "clinic-confirmation-call", "--json", Self.goodReply])
        #expect(!russian.contains("wrong-language"), "\(russian)")
    }

    @Test func aPipedFirstRunAsksNothing() throws {
        let home = Binary.home()
        let (_, output) = try Binary.run(["play", "clinic-confirmation-call", "--lang", "en", "--seed", "1"],
                                         input: "Hello Emily, let me check.\n/quit\n", home: home)
        #expect(output.contains("nothing is asked"), "\(output)")
        #expect(output.contains("Emily · chat › Hello Emily, let me check."), "the line is a reply:\n\(output)")
        let (_, all) = try Binary.run(["progress", "--all", "--json"], home: home)
        #expect(!all.contains("Hello"), "\(all)")
    }

    @Test func anAttemptWithNoReplyIsNotOffered() throws {
        let home = Binary.home()
        _ = try Binary.run(["play", "clinic-confirmation-call", "--new-profile", "anna", "--lang", "ru", "--seed", "1"], input: "/lookup\n/quit\n", home: home)
        let (_, second) = try Binary.run(["play", "clinic-confirmation-call"], input: "/history\n/quit\n", home: home)
        #expect(!second.contains("Продолжаем"), "\(second)")
        #expect(second.contains("Пока ничего не сыграно."), "a new attempt:\n\(second)")
    }

    @Test func resumeShowsTheWholeConversationAndNumbersOnlyReplies() throws {
        let home = Binary.home()
        let (_, first) = try Binary.run(["play", "clinic-confirmation-call", "--new-profile", "anna", "--lang", "ru", "--seed", "1"],
                                        input: "Здравствуйте, Вера!\n/lookup\nСейчас проверю запись.\n/quit\n", home: home)
        let reaction = try #require(first.components(separatedBy: "Вера · чат › Здравствуйте, Вера!").last?
            .components(separatedBy: "\nВера: ").dropFirst().first?.prefix(40), "\(first)")
        let (_, second) = try Binary.run(["play", "clinic-confirmation-call"], input: "/history\n/quit\n", home: home)
        #expect(second.contains(String(reaction)), "the customer's answer is shown again:\n\(second)")
        #expect(second.contains("Записи компании"), "the lookup too:\n\(second)")
        let history = try #require(second.components(separatedBy: "› /history").last)
        #expect(history.contains("1. Здравствуйте, Вера!") && history.contains("2. Сейчас проверю запись."), "\(history)")
        #expect(!history.contains("2. /lookup") && !history.contains("1. /lookup"), "\(history)")
    }
}
