import Foundation
import Testing
@testable import Sparring
@testable import sparring

@Suite struct CourseMapTests {
    let course: Course = {
        let yaml = """
        format: 1
        lang: ru
        title: Поддержка без смертельных ошибок
        intro: |
          Девять модулей открываются по очереди: следующий станет доступен, когда вы пройдёте текущий.
          Прогресс сохраняется после каждого ответа.
        modules:
          - id: look-it-up
            title: "Сначала посмотрите в системе"
            lesson: lessons/02-look-it-up.md
            cases: [clinic-confirmation-call]
            rules: [look-it-up]
            pass: { average: 80, every_case: true }
            hints: true
        """
        return Course.load(text: yaml, path: "course.yaml", knownCases: ["clinic-confirmation-call"]).0!
    }()

    @Test func casesByTitleNotById() {
        let map = CourseMap(style: plain, catalog: catalog, language: .ru, columns: 40)
        let progress = CourseProgress(course: course, results: [CaseResult(caseId: "clinic-confirmation-call", score: 45, passed: false, moduleId: "look-it-up")])
        let text = map.render(course, progress, profile: "anna", titles: ["clinic-confirmation-call": "Звонок, которого не было"])
        #expect(text.contains("     ✗ 45   Звонок, которого не было"), "\(text)")
        #expect(!text.contains("clinic-confirmation-call"))
        #expect(!text.contains("look-it-up"), "the module's id is not shown either")
        #expect(text.split(separator: "\n").allSatisfy { Columns.of($0) <= 40 }, "\(text)")
    }

    @Test func theIntroKeepsTheAuthorsSentencesApartAndWraps() {
        let text = CourseMap(style: plain, catalog: catalog, language: .ru, columns: 60).intro(course)
        #expect(text == """
        Поддержка без смертельных ошибок
        Девять модулей открываются по очереди: следующий станет
        доступен, когда вы пройдёте текущий.
        Прогресс сохраняется после каждого ответа.
        """)
    }

    @Test func theRecommendationNamesTheMistakeAndTheCaseByTitle() {
        let map = CourseMap(style: plain, catalog: catalog, language: .ru, columns: 200)
        #expect(map.recommendation(rule: "unanswered-question", caseId: "clinic-checkup-inquiry", title: "Четыре вопроса про чек-ап")
            == "Чаще всего вы ошибаетесь здесь: Вопрос без ответа. Потренируйтесь на кейсе «Четыре вопроса про чек-ап»: sparring play clinic-checkup-inquiry")
        #expect(map.nextCase("«Верните деньги»").contains("Следующий кейс: «Верните деньги»."), "quoted once")
        let en = CourseMap(style: plain, catalog: catalog, language: .en, columns: 200)
        #expect(en.nextCase("The call that never came").hasPrefix("Next case: “The call that never came”."))
    }
}
