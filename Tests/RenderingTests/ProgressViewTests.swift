import Foundation
import Testing
@testable import Sparring
@testable import sparring

@Suite struct ProgressViewTests {
    @Test func mistakesAndCasesByTitleWithTheRightPlural() {
        let record = CaseRecord(caseId: "clinic-confirmation-call", attempts: 1, best: 45, passed: false, scores: [45],
                                mistakes: ["look-it-up×2", "no-greeting×1"], counts: [("look-it-up", 2), ("no-greeting", 1)])
        let view = ProgressView(style: plain, catalog: catalog, language: .ru,
                                titles: ["clinic-confirmation-call": "Звонок, которого не было"], columns: 80)
        let text = view.render(profile: "anna", attempts: 1, mistakes: [("look-it-up", 2), ("no-greeting", 1)],
                               sections: [(title: "Ответьте на всё и напишите чисто", status: "current", records: [record])])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "anna · 1 попытка")
        #expect(lines[1] == "Частые ошибки: Просить то, что есть в наших системах ×2 · Нет приветствия ×1")
        #expect(lines.contains("   Звонок, которого не было  попыток 1  лучший 45 45"), "\(text)")
        #expect(!text.contains("look-it-up") && !text.contains("clinic-confirmation-call"))
        #expect(lines.allSatisfy { Columns.of($0) <= 80 })
        let en = ProgressView(style: plain, catalog: catalog, language: .en, titles: [:], columns: 80)
        #expect(en.render(profile: "anna", attempts: 2, mistakes: [], sections: []) == "anna · 2 attempts")
    }
}
