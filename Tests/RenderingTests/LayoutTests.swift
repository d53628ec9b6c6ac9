import Foundation
import Testing
@testable import Sparring
@testable import sparring

let catalog = try! Catalog.load()
let plain = Style(enabled: false)
let colour = Style(enabled: true)

/// The words of `text`, in order, whatever the line breaks and indents.
func words(_ text: String) -> [String] {
    text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        .split(whereSeparator: \.isWhitespace).map(String.init)
}

@Suite struct ColumnTests {
    @Test func lettersAreOneColumnColourCodesNone() {
        #expect(Columns.of("Звонок") == 6)
        #expect(Columns.of("e\u{301}te\u{301}") == 3, "a combining accent takes no column")
        #expect(Columns.of("ёЁйЙ") == 4)
        #expect(Columns.of(colour.bold("Вера") + " " + colour.red("✗")) == 6)
        #expect(Columns.of("漢字") == 4)
    }
}

@Suite struct WrapTests {
    let text = "Сразу после записи выскочило окошко: ОБЯЗАТЕЛЬНО дождитесь звонка администратора, иначе запись не будет действительной. Сижу с телефоном в руке уже больше часа."

    @Test func linesFitAndNoWordIsBroken() {
        for width in [24, 31, 40, 57, 80, 120] {
            let lines = Layout(width: width).lines(text, first: "Вера: ")
            #expect(lines.allSatisfy { Columns.of($0) <= width }, "\(width): \(lines)")
            #expect(words(lines.joined(separator: "\n")) == ["Вера:"] + words(text), "\(width)")
            #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("      ") && !$0.hasPrefix("       ") }, "a hanging indent under the text")
        }
    }

    @Test func everyLineIsAsFullAsTheNextWordAllows() {
        let lines = Layout(width: 40).lines(text)
        for (line, next) in zip(lines, lines.dropFirst()) {
            let nextWord = next.split(separator: " ").first.map(String.init) ?? ""
            #expect(Columns.of(line) + 1 + Columns.of(nextWord) > 40, "\(line) | \(nextWord)")
        }
    }

    @Test func colourCodesDoNotMoveTheBreaks() {
        let styled = text.split(separator: " ").map { colour.bold(String($0)) }.joined(separator: " ")
        let plainLines = Layout(width: 37).lines(text)
        let styledLines = Layout(width: 37).lines(styled)
        #expect(styledLines.map { words($0) } == plainLines.map { words($0) })
    }

    @Test func onlyAWordLongerThanTheLineIsCut() {
        let link = "https://chainaya-polka.ru/product/puer-shu-2015-very-long-path"
        let lines = Layout(width: 30).lines("Ссылка: \(link) ниже", first: "  ")
        #expect(lines.allSatisfy { Columns.of($0) <= 30 }, "\(lines)")
        #expect(lines.first == "  Ссылка:")
        #expect(lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined().contains(link))
    }

    @Test func paragraphsKeepTheirBreaksAndIndent() {
        let lines = Layout(width: 80).lines("Первая строка.\n\nВторая.", first: "  1. ")
        #expect(lines == ["  1. Первая строка.", "", "     Вторая."])
    }

    @Test func truncationEndsAtAWord() {
        let cut = Layout.truncate("Сколько обычно ждать звонка для подтверждения?", to: 30)
        #expect(Columns.of(cut) <= 30)
        #expect(cut == "Сколько обычно ждать звонка…")
    }

    @Test func itemsStayWhole() {
        let lines = Layout(width: 50).items(["✗ Просить то, что есть в наших системах", "! Нет приветствия", "! Небрежное письмо"], first: "     ")
        #expect(lines == ["     ✗ Просить то, что есть в наших системах", "     ! Нет приветствия · ! Небрежное письмо"])
    }
}

@Suite struct ProseTests {
    @Test func anAuthorsWrapJoinsEvenBeforeACapital() {
        let opening = """
        I've tried three times already, and it's the same every time. There are 3,200 products, there's no way
        I can enter them by hand. The shop opens on Monday.
        How do I get my products in?
        """
        #expect(Prose.paragraphs(opening) == [
            "I've tried three times already, and it's the same every time. There are 3,200 products, there's no way "
                + "I can enter them by hand. The shop opens on Monday.",
            "How do I get my products in?",
        ])
    }

    @Test func aShortLineBeforeACapitalStaysItsOwn() {
        #expect(Prose.paragraphs("СРОЧНО\nВаш автоответ сказал писать с этим словом.") == [
            "СРОЧНО", "Ваш автоответ сказал писать с этим словом.",
        ])
        #expect(Prose.paragraphs("Thanks a lot\nSarah") == ["Thanks a lot", "Sarah"])
        #expect(Prose.paragraphs("Отправитель —\n+7 927 604-18-33, это номер банка?") == [
            "Отправитель —", "+7 927 604-18-33, это номер банка?",
        ], "a short line is kept, whatever follows")
        #expect(Prose.paragraphs("a line\n\nanother") == ["a line", "", "another"], "a blank line stays a paragraph break")
    }
}
