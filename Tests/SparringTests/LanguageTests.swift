import Testing
import Foundation
@testable import Sparring

@Suite struct TokenizerTests {
    @Test func foldsCaseAndYo() {
        #expect(Tokenizer.fold("ЕЩЁ Ёлка") == "еще елка")
    }

    @Test func splitsSentencesButNotAbbreviations() {
        let sentences = Tokenizer.sentences("Good morning, Ms. Patel. Your order is ready! Is it?")
        #expect(sentences.count == 3)
        #expect(sentences[2].isQuestion)
    }

    @Test func keepsAddressesAndNumbersWhole() {
        let tokens = Tokenizer.tokens("Пишите на finance@school.example до 18:00, сайт shop.example/help.")
        #expect(tokens.contains { $0.kind == .address && $0.text == "finance@school.example" })
        #expect(tokens.contains { $0.kind == .address && $0.text == "shop.example/help" })
        #expect(tokens.contains { $0.kind == .number && $0.text == "18:00" })
    }

    @Test func keepsContractionsAndHyphenatedWords() {
        let words = Tokenizer.tokens("I'm sure it's an e-mail, что-то такое").filter { $0.kind == .word }.map(\.text)
        #expect(words == ["I'm", "sure", "it's", "an", "e-mail", "что-то", "такое"])
    }
}

@Suite struct PatternTests {
    let pack = Shared.grader.analyzer.pack(.ru)

    func matches(_ pattern: String, _ text: String) -> Bool {
        !pack.matches([try! pack.pattern(pattern)], in: pack.analyze(text)).isEmpty
    }

    @Test func stemMatchesInflections() {
        #expect(matches("запись", "С вашей записью всё в порядке"))
        #expect(matches("подтвердить", "Подтвердите, пожалуйста"))
        // a fleeting vowel changes the Snowball stem; the dictionary form still joins them
        #expect(matches("звонок", "Звонка не будет"))
        #expect(matches("звонок", "звонков не было"))
        #expect(!matches("звонок", "Позвоните нам"))
    }

    @Test func prefixGapAndNumber() {
        #expect(matches("подтвержд*", "Запись подтверждена"))
        #expect(matches("ответ* ... до #", "ответим вам сегодня до 18:00"))
        #expect(!matches("ответ* ... до #", "ответим вам сегодня"))
    }

    @Test func numbersWrittenInAPatternMatchAsWritten() {
        #expect(matches("500 ... верн*", "500 рублей я вернула на карту"))
        #expect(!matches("500 ... верн*", "300 рублей я вернула на карту"))
    }

    @Test func negationBeforeAndAfter() {
        #expect(!matches("присылать скриншот", "Не нужно присылать скриншот"))
        #expect(!matches("номер заказа присылать", "Номер заказа присылать не нужно"))
        #expect(matches("присылать скриншот", "Можно присылать скриншот"))
    }

    @Test func negationInsideAGapCounts() {
        #expect(matches("мы ... перепутали", "Мы тогда перепутали адрес"))
        #expect(!matches("мы ... перепутали", "Мы ничего не перепутали"))
        #expect(matches("это не ко мне", "Это не ко мне"))
    }

    @Test func negationStopsAtAComma() {
        #expect(matches("ваш* ошибк*", "Не переживайте, это ваша ошибка"))
    }

    @Test func rejectsBadPatterns() {
        #expect(throws: PhrasePattern.SyntaxError.self) { try pack.pattern("... слово") }
        #expect(throws: PhrasePattern.SyntaxError.self) { try pack.pattern("слово ^") }
        #expect(throws: PhrasePattern.SyntaxError.self) { try pack.pattern("*") }
    }
}

@Suite struct SpellingTests {
    @Test func typoOfAKnownWordIsADefect() {
        let report = Shared.grader.analyzer.pack(.ru).signals(for: "Здраствуйте! Ваш заказ уже в пути.")
        #expect(report.defects.contains { $0.kind == .misspelling && $0.evidence.quote == "Здраствуйте" })
    }

    @Test func newWordsAndBritishSpellingsAreNotDefects() {
        #expect(!Shared.signals("Здравствуйте! Перезагрузите роутер, пожалуйста.", .ru).hygiene)
        #expect(!Shared.signals("We apologise for the colour mix-up on your cheque.", .en).hygiene)
    }

    @Test func technicalWritingIsNotSloppy() {
        #expect(!Shared.signals("Проверьте VLAN ID на коммутаторе: SAML уже настроен.", .ru).hygiene, "acronyms are not shouting")
        #expect(Shared.signals("Мы НЕ отвечаем за это.", .ru).hygiene, "an ordinary word in capitals shouts")
        #expect(!Shared.signals("iOS-версия это уже умеет.", .ru).hygiene, "a name written with a small letter starts a sentence")
        #expect(!Shared.signals("Export contacts as a .vcf file from Settings.", .en).hygiene, "a file type is not a missing space")
        #expect(!Shared.signals("Write to help@Outlook.com today.", .en).hygiene)
        #expect(Shared.signals("Thanks for your patience.However we cannot.", .en).hygiene, "a capital after the dot is a new sentence")
    }

    @Test func aLetterMoreOrLessAtTheStartIsAnotherWordNotATypo() {
        #expect(!Shared.signals("Я передала заявление старшему урегулировщику, он позвонит завтра.", .ru).hygiene)
        #expect(!Shared.signals("We can't fit a full groom for your spoodle on Saturday.", .en).hygiene)
        #expect(Shared.signals("Hello! Your order has been recieved.", .en).hygiene, "a slip inside the word still is one")
    }

    @Test func namesAndAcronymsAreNotDefects() {
        #expect(!Shared.signals("Hello, Priya! Your PHP version and DNS records are fine.", .en).hygiene)
    }
}

/// Real words in the wrong place, which no dictionary flags (`confusions.txt`).
@Suite struct ConfusionTests {
    func misspellings(_ text: String, _ language: Language) -> [String] {
        Shared.grader.analyzer.pack(language).signals(for: text).defects
            .filter { $0.kind == .misspelling }.map { "\($0.evidence.quote) → \($0.evidence.note ?? "")" }
    }

    @Test func misusedWordsAreDefectsWithTheirFix() {
        #expect(misspellings("Деньги вернутся в течении 3 дней.", .ru) == ["в течении 3 → в течение"])
        #expect(misspellings("По окончанию проверки я напишу.", .ru) == ["По окончанию → по окончании"])
        #expect(misspellings("Let me know wether it arrives.", .en) == ["wether it → whether"])
        #expect(misspellings("You could of asked us earlier.", .en) == ["could of → could have"])
    }

    @Test func rightUsesAndClauseBreaksAreNot() {
        #expect(misspellings("Деньги вернутся в течение трёх дней, по окончании проверки.", .ru).isEmpty)
        #expect(misspellings("Можно оплатить за счёт компании.", .ru).isEmpty)
        #expect(misspellings("We could of course refund it.", .en).isEmpty)
        #expect(misspellings("Let me check once more, then I'll call you.", .en).isEmpty)
    }

    @Test func aBrokenLineNamesTheFileAndLine() throws {
        var files = try SignalModelTests.lexiconFiles(.en)
        files["confusions"] = "# comment\n=could =of could have\n"
        do {
            _ = try LanguagePack(language: .en, files: files, speller: nil)
            Issue.record("accepted a line without '=>'")
        } catch {
            #expect(error.description == "Lexicons/en/confusions.txt:2: error: write 'PATTERN => FIX', e.g. '=в =течении # => в течение'.")
        }
    }
}

/// `a b|a c` reads as `a`, then `b` or `a`, then `c`: a choice that repeats a word of the choice before it is
/// nearly always two phrases written as one ("у нас|у меня", "i know|i can see"), and matches neither.
@Suite struct LexiconShapeTests {
    @Test func theShapeCheckFindsTwoPhrasesWrittenAsOne() {
        #expect(PhrasePattern.repeatedChoiceWord(in: "just come|come in|come along") == "come")
        #expect(PhrasePattern.repeatedChoiceWord(in: "i know|i can see ... how") == "i")
        #expect(PhrasePattern.repeatedChoiceWord(in: "у нас|у меня ... есть") == "у")
        #expect(PhrasePattern.repeatedChoiceWord(in: "sorry you|your ... we|our") == nil)
        #expect(PhrasePattern.repeatedChoiceWord(in: "we ... we") == nil)
    }

    @Test func noChoiceRepeatsAWordOfTheChoiceBeforeIt() throws {
        let root = Analyzer.bundledLexicons
        var suspicious: [String] = []
        for language in Language.allCases {
            let folder = root.appendingPathComponent(language.rawValue)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            where name.hasSuffix(".txt") && name != "signal-model.txt" && name != "confusions.txt" {
                let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    var line = raw.trimmingCharacters(in: .whitespaces)
                    if line.isEmpty || line.hasPrefix("#") { continue }
                    if line.hasPrefix("- ") { line.removeFirst(2) }
                    if PhrasePattern.repeatedChoiceWord(in: line, withinChoices: false) != nil {
                        suspicious.append("\(language.rawValue)/\(name):\(number + 1): \(line)")
                    }
                }
            }
        }
        #expect(suspicious.isEmpty, "\(suspicious.joined(separator: "\n"))")
    }
}
