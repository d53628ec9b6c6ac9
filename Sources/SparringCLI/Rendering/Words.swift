import Foundation
import Sparring

/// The catalogue as the screens use it, in the trainee's language: placeholders filled, titles put in
/// the language's quotation marks once, numbers with the right plural form.
struct Words {
    let catalog: Catalog
    let language: Language

    func callAsFunction(_ key: String, _ values: [String: String] = [:]) -> String { catalog.text(key, language, values) }

    /// A rule's title, in the trainee's language.
    func ruleTitle(_ rule: String) -> String { catalog.text("rule.\(rule).title", language) }

    /// `text` in this language's quotation marks (`quote.open`, `quote.close`), unless it is already
    /// quoted as a whole («Верните деньги», "Is everything down?").
    func quoted(_ text: String) -> String {
        let open = self("quote.open"), close = self("quote.close")
        let marks: [(Character, Character)] = [("«", "»"), ("“", "”"), ("\"", "\""), ("„", "“"), ("'", "'")]
        if let first = text.first, let last = text.last, text.count > 1,
           marks.contains(where: { $0.0 == first && $0.1 == last }) || (open.first == first && close.last == last) {
            return localQuotes(text)
        }
        return open + text + close
    }

    /// Guillemets from the grader's quotes turned into this language's marks («…» stays in Russian, “…” in English).
    func localQuotes(_ text: String) -> String {
        let open = self("quote.open"), close = self("quote.close")
        guard open != "«" || close != "»", text.contains("«") || text.contains("»") else { return text }
        return text.replacingOccurrences(of: "«", with: open).replacingOccurrences(of: "»", with: close)
    }

    /// A count with its noun: the catalogue value holds the forms separated by ` | `, as many as the
    /// language has (English: one | other; Russian: one | few | many), each with `{count}`.
    func count(_ key: String, _ number: Int, _ values: [String: String] = [:]) -> String {
        let forms = catalog.text(key, language).components(separatedBy: " | ")
        var form = forms[Self.pluralForm(number, forms: forms.count)]
        for (name, value) in values.merging(["count": String(number)], uniquingKeysWith: { $1 }) {
            form = form.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return form
    }

    /// Which of `forms` plural forms a number takes: one form is always it; two are one and other
    /// (1 / 0, 2, 5 ...); three are the East Slavic one, few, many (1, 21 / 2–4, 22–24 / 0, 5–20, 25 ...).
    static func pluralForm(_ number: Int, forms: Int) -> Int {
        let n = abs(number)
        switch forms {
        case ...1: return 0
        case 2: return n == 1 ? 0 : 1
        default:
            if n % 10 == 1 && n % 100 != 11 { return 0 }
            if (2...4).contains(n % 10) && !(12...14).contains(n % 100) { return 1 }
            return 2
        }
    }
}
