import Foundation
import Testing
@testable import Sparring
@testable import sparring

@Suite struct WordsTests {
    @Test func pluralForms() {
        let ru = Words(catalog: catalog, language: .ru)
        #expect([1, 2, 5, 11, 21, 22, 25, 111, 112].map { ru.count("play.replies", $0) }
            == ["1 ответ", "2 ответа", "5 ответов", "11 ответов", "21 ответ", "22 ответа", "25 ответов", "111 ответов", "112 ответов"])
        let en = Words(catalog: catalog, language: .en)
        #expect([0, 1, 2].map { en.count("play.steps", $0) } == ["0 steps", "1 step", "2 steps"])
    }

    @Test func titlesAreQuotedOnceInTheLanguagesMarks() {
        let ru = Words(catalog: catalog, language: .ru), en = Words(catalog: catalog, language: .en)
        #expect(ru.quoted("Звонок, которого не было") == "«Звонок, которого не было»")
        #expect(ru.quoted("«Верните деньги»") == "«Верните деньги»")
        #expect(en.quoted("The call that never came") == "“The call that never came”")
        #expect(en.quoted("\"Is everything down?\"") == "\"Is everything down?\"")
        #expect(en.localQuotes("asked «Назовите»") == "asked “Назовите”")
    }

    @Test func noEnglishScreenTextUsesGuillemets() {
        for key in ["course.next-case", "course.recommend", "hint.question", "rule.look-it-up.message", "debrief.delivered.question"] {
            #expect(!catalog.text(key, .en).contains("«"), "\(key)")
        }
    }
}
