import Foundation
import Testing
@testable import Sparring
@testable import sparring

@Suite struct SessionViewTests {
    @Test func recordsKeepALabelColumnOfAThird() {
        let view = SessionView(style: plain, catalog: catalog, language: .ru, columns: 80)
        let records = [
            RecordLine(kind: "phone", label: "Телефон в карте пациента", value: "+7 916 482-37-15"),
            RecordLine(kind: "other", label: "Электронная почта в карте пациента клиники", value: "vera.sokolova@mail.ru"),
            RecordLine(kind: "other", label: "Правило подтверждения", value: "Записи к терапевтам подтверждаются автоматически. Звонок нужен только перед процедурами с подготовкой, тогда администратор перезванивает в течение 30 минут."),
        ]
        let lines = view.records(records).split(separator: "\n").map(String.init).dropFirst()
        #expect(lines.allSatisfy { Columns.of($0) <= 80 }, "\(lines)")
        let valueColumn = 2 + 80 / 3 + 2
        #expect(lines.first == "  Телефон в карте пациента    +7 916 482-37-15")
        let rule = lines.drop { !$0.contains("Правило подтверждения") }
        #expect(rule.count >= 3)
        #expect(rule.dropFirst().allSatisfy { $0.prefix(valueColumn).allSatisfy { $0 == " " } && $0.dropFirst(valueColumn).first != " " }, "\(rule)")
        let shown = words(lines.joined(separator: "\n")).sorted()
        #expect(shown == records.flatMap { words($0.label) + words($0.value) }.sorted(), "every word kept, none cut")
    }

    @Test func historyNamesMistakesByTitleAndCommandsWithoutNumbers() {
        let view = SessionView(style: plain, catalog: catalog, language: .ru, columns: 80)
        let finding = Finding(rule: "no-greeting", severity: .minor, evidence: [], message: "", instead: "")
        let text = view.history([
            TurnRecord(number: 1, kind: .reply, input: "Назовите номер телефона", findings: [finding], penalty: 5),
            TurnRecord(number: 2, kind: .lookup, input: "/lookup", findings: [], penalty: 0),
            TurnRecord(number: 2, kind: .reply, input: "Нашла вашу запись.", findings: [], penalty: 0),
        ])
        #expect(text == "  1. Назовите номер телефона\n     ! Нет приветствия\n     /lookup\n  2. Нашла вашу запись.")
    }

    @Test func theHeaderNamesTheMoodWithoutAGender() {
        for mood in ["angry", "anxious", "confused", "sarcastic", "calm"] {
            #expect(catalog.has("play.mood.\(mood)", .ru) && catalog.has("play.mood.\(mood)", .en))
        }
        #expect(catalog.text("play.header", .ru, ["name": "Светлана", "mood": catalog.text("play.mood.calm", .ru), "channel": "чат"])
            == "Клиент: Светлана · настроение: спокойное · канал: чат")
        #expect(!catalog.text("play.header", .en).contains(" by "))
    }

    @Test func whatReallyHappenedIsNotSaidTwice() {
        let ru = SessionView(style: plain, catalog: catalog, language: .ru, columns: 80)
        #expect(ru.reality("Что случилось на самом деле. Вера записалась.") == ("Что случилось на самом деле:", "Вера записалась."))
        #expect(ru.reality("Вера записалась к терапевту. Звонка не было.") == ("Что было на самом деле:", "Вера записалась к терапевту. Звонка не было."))
        let en = SessionView(style: plain, catalog: catalog, language: .en, columns: 80)
        #expect(en.reality("What really happened: the customer came.").0 == "What really happened:")
    }

    @Test func customerLinesHangUnderTheFirstWord() {
        let view = SessionView(style: plain, catalog: catalog, language: .ru, columns: 50)
        let lines = view.customer("Вера", "Здравствуйте! Час назад записалась у вас на сайте\nк терапевту Лебедевой на завтра.\nВера Соколова")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines == ["", "Вера: Здравствуйте! Час назад записалась у вас на", "      сайте к терапевту Лебедевой на завтра.",
                          "      Вера Соколова", ""])
    }
}
