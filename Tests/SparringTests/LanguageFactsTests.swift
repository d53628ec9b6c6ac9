import Foundation
import Testing
@testable import Sparring

/// The facts of each language come from its language.txt: names, letters, stemmer, dictionaries, yes and no.
@Suite struct LanguageFactsTests {
    @Test(arguments: Language.allCases) func everyLanguageHasItsFacts(_ language: Language) {
        let facts = LanguageFacts.of(language)
        #expect(facts.names.contains(language.rawValue))
        #expect(!facts.snowball.isEmpty && !facts.dictionaries.isEmpty)
        #expect(facts.alphabet.count >= 40, "both cases of the letters")
        #expect(!facts.no.isEmpty && !facts.yes.isEmpty)
        for name in facts.names { #expect(Language(code: name.uppercased()) == language) }
        // the stemmer named in the file is one libstemmer has: a stem differs from a plural word
        let plural = language == .ru ? "кошками" : "cats"
        #expect(Stemmer(language).stem(plural) != plural)
    }

    @Test func theReplysLettersChooseItsLanguage() {
        #expect(Analyzer.detectLanguage("Здравствуйте, Вера! Order A-1042") == .ru)
        #expect(Analyzer.detectLanguage("Hello Vera, your order «А-1»") == .en)
        #expect(Analyzer.detectLanguage("12:30, 1042") == nil)
    }

    @Test func aFileIsReadAsWritten() {
        let facts = LanguageFacts(text: """
            # a third language
            names = de deu deutsch
            snowball = german
            dictionaries = de_DE
            alphabet = abcdefghijklmnopqrstuvwxyzäöüß
            yes = j ja
            no = n nein
            """)
        #expect(facts.names == ["de", "deu", "deutsch"])
        #expect(facts.snowball == "german" && facts.dictionaries == ["de_DE"])
        #expect(facts.alphabet.contains("Ä") && facts.alphabet.contains("ß"))
        #expect(facts.saysNo("Nein") && facts.saysNo("n") && !facts.saysNo("ja") && !facts.saysNo(""))
    }
}
