import Foundation
import Testing
@testable import Sparring
@testable import sparring

@Suite struct FindingTests {
    let lookItUp = Finding(rule: "look-it-up", severity: .deadly,
                           evidence: ["«Назовите номер телефона»", "Телефон в карте пациента: +7 916 482-37-15"],
                           message: "Вы попросили у клиента «Назовите номер телефона», но это есть в наших записях: Телефон в карте пациента: +7 916 482-37-15.",
                           instead: catalog.text("rule.look-it-up.instead", .ru))
    let greeting = Finding(rule: "no-greeting", severity: .minor, evidence: [], message: "Первый ответ не здоровается с клиентом.",
                           instead: "Начните с приветствия.")
    let sloppy = Finding(rule: "sloppy-writing", severity: .minor,
                         evidence: ["предложение с маленькой буквы: «запись»", "нет пробела после знака препинания: «порядке.Назовите»"],
                         message: "В ответе видны огрехи письма.", instead: "Перечитайте перед отправкой.")

    @Test func theWorstInFullTheRestOneLineEach() {
        let renderer = FindingRenderer(style: plain, catalog: catalog, language: .ru, columns: 80)
        let lines = renderer.reply([greeting, lookItUp, sloppy])
        #expect(lines[0] == "  ✗ Просить то, что есть в наших системах [смертельная]")
        #expect(lines.filter { $0.contains("Нет приветствия") } == ["  ! Нет приветствия [мелкая]"])
        #expect(lines.filter { $0.contains("Небрежное письмо") } == ["  ! Небрежное письмо [мелкая]: предложение с маленькой буквы: «запись»"])
        #expect(lines.count == 1 + 2 + 2 + 2, "title, message on two lines, what to do on two, two one-liners: \(lines)")
        #expect(lines.allSatisfy { Columns.of($0) <= 80 })
        #expect(!lines.joined().contains("look-it-up"))
    }

    @Test func evidenceNeverRepeatsTheMessage() {
        let renderer = FindingRenderer(style: plain, catalog: catalog, language: .ru, columns: 120)
        #expect(!renderer.full(lookItUp).contains { $0.contains("где:") })
        #expect(renderer.full(sloppy).contains { $0.contains("где: предложение с маленькой буквы") })
    }

    @Test func englishQuotesInEnglish() {
        let finding = Finding(rule: "canned-phrase", severity: .minor, evidence: ["«Your call is important to us»"],
                              message: "A stock phrase stands in for help: “Your call is important to us”.", instead: "Say what you did.")
        let lines = FindingRenderer(style: plain, catalog: catalog, language: .en, columns: 80).full(finding)
        #expect(!lines.joined().contains("«"))
        #expect(!lines.contains { $0.contains("evidence:") })
    }
}
