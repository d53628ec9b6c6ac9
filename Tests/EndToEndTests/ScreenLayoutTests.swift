import Foundation
import Testing

/// What a trainee sees in a real terminal (tmux) at 80 and 120 columns, in Russian and English: a case
/// opening, a bad reply, `/lookup`, `/history`, and the debrief after the customer walks away. Every
/// line fits the terminal (the terminal never had to wrap one), every word on the screen is a word of
/// the texts it came from (nothing broken mid-word), and rules are named by their titles.
@Suite(.serialized) struct ScreenLayoutTests {
    struct Run: CustomTestStringConvertible, Sendable {
        let language: String
        let width: Int
        var testDescription: String { "\(language) at \(width) columns" }

        var prompt: String { language == "ru" ? "Вера · чат ›" : "Emily · chat ›" }
        /// A bad first reply (asks for what the records hold, no greeting, a small letter), the records,
        /// the history, then two more bad replies: the customer walks away and the debrief follows.
        var inputs: [String] {
            language == "ru"
                ? ["запись в порядке.Назовите номер телефона", "/lookup", "/history", "Назовите номер телефона", "Назовите номер телефона"]
                : ["what is your phone number?", "/lookup", "/history", "What is your phone number?", "What is your phone number?"]
        }
        var instead: String { language == "ru" ? "как надо:" : "instead:" }
    }

    static let runs = [Run(language: "ru", width: 80), Run(language: "ru", width: 120), Run(language: "en", width: 80), Run(language: "en", width: 120)]

    let tmux = Tmux()

    static func occurrences(of needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// Lowercased words with the punctuation around them cut off; words with digits (scores, times) are left out.
    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).compactMap { token in
            let word = token.lowercased().trimmingCharacters(in: CharacterSet.letters.union(.decimalDigits).inverted)
            return word.isEmpty || word.rangeOfCharacter(from: .decimalDigits) != nil ? nil : word
        }
    }

    static func ruleIds() throws -> [String] {
        let catalogue = try String(contentsOf: Binary.root.appendingPathComponent("Sources/Sparring/Resources/Catalog/en.txt"), encoding: .utf8)
        return catalogue.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("rule."), let key = line.split(separator: " ").first, key.hasSuffix(".title") else { return nil }
            return String(key.dropFirst("rule.".count).dropLast(".title".count))
        }
    }

    @Test(arguments: runs) func aBadCaseReadsWell(_ run: Run) throws {
        let session = "layout-\(run.language)-\(run.width)"
        let home = Binary.home()
        let command = tmux.sparring("play clinic-confirmation-call --new-profile tess --seed 1 --lang \(run.language)",
                                    home: home, after: "echo SPARRING-DONE; sleep 60")
        try tmux.start(session, command, width: run.width, history: 10000)
        defer { tmux.stop() }

        var screen = try tmux.wait(session) { Self.occurrences(of: run.prompt, in: $0) == 1 }
        try #require(Self.occurrences(of: run.prompt, in: screen) == 1, "no prompt:\n\(screen)")
        for (index, input) in run.inputs.enumerated() {
            try tmux.type(session, input)
            let last = index == run.inputs.count - 1
            screen = try tmux.wait(session) { last ? $0.contains("SPARRING-DONE") : Self.occurrences(of: run.prompt, in: $0) == index + 2 }
        }
        try #require(screen.contains("SPARRING-DONE"), "the case did not end:\n\(screen)")
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.reversed().drop(while: { $0 == " " }).reversed())
        }

        // no line is longer than the terminal: the terminal never wrapped one (tmux -J joins what it wrapped)
        for line in lines {
            #expect(line.count <= run.width, "\(line.count) columns: \(line)")
        }

        // every word on the screen is a word of the case file, the catalogue or what was typed
        let caseFile = try String(contentsOf: Binary.root.appendingPathComponent("Cases/\(run.language)/clinic-confirmation-call.yaml"), encoding: .utf8)
        let catalogue = try String(contentsOf: Binary.root.appendingPathComponent("Sources/Sparring/Resources/Catalog/\(run.language).txt"), encoding: .utf8)
        let known = Set(Self.words(caseFile + "\n" + catalogue + "\n" + run.inputs.joined(separator: "\n") + "\ntess SPARRING-DONE"))
        let strangers = Self.words(screen).filter { !known.contains($0) }
        #expect(strangers.isEmpty, "words broken or made up: \(strangers)\n\(screen)")

        // rules are named by their titles, never by their ids
        for id in try Self.ruleIds() {
            #expect(!screen.contains(id), "rule id \(id) on the screen:\n\(screen)")
        }

        // the bad reply: the worst finding in full, every other on one line
        let replyStart = try #require(lines.firstIndex { $0.hasPrefix(run.prompt + " " + run.inputs[0]) })
        let reaction = try #require(lines[replyStart...].firstIndex { $0.hasPrefix(run.language == "ru" ? "Вера:" : "Emily:") })
        let findings = lines[(replyStart + 1)..<reaction]
        #expect(findings.filter { $0.contains(run.instead) }.count == 1, "only the worst in full:\n\(findings.joined(separator: "\n"))")
        #expect(findings.filter { $0.hasPrefix("  ! ") }.count == 2, "two more, one line each:\n\(findings.joined(separator: "\n"))")

        // the records: labels in a column of at most about a third of the line, values wrapped under their column
        let recordsStart = try #require(lines.firstIndex { $0.hasPrefix(run.language == "ru" ? "Записи компании" : "Company records") })
        let records = lines[(recordsStart + 1)...].prefix { !$0.contains(run.prompt) }
        let firstRow = try #require(records.first)
        let valueColumn = try #require(firstRow.firstIndex(of: "+").map { firstRow.distance(from: firstRow.startIndex, to: $0) })
        #expect(valueColumn <= 2 + run.width / 3 + 2, "label column \(valueColumn) wide")
        for line in records {
            let indent = line.prefix { $0 == " " }.count
            if indent == 2 {
                // a label, and its value (if any on this line) at the value column
                let rest = line.dropFirst(2)
                if let gap = rest.range(of: "  ") {
                    let value = rest[gap.upperBound...].drop { $0 == " " }
                    #expect(line.count - value.count == valueColumn, "value not in its column: \(line)")
                } else {
                    #expect(line.count <= valueColumn - 2, "a label's later line stays in the label column: \(line)")
                }
            } else {
                #expect(indent == valueColumn, "a value's later line under the value column: \(line)")
            }
        }

        // the debrief: every finding in full, and what really happened said once
        let debrief = try #require(lines.firstIndex { $0.contains("══") })
        let turns = lines[debrief...]
        #expect(turns.filter { $0.contains(run.instead) }.count >= 5, "every finding in full in the debrief")
        let reality = run.language == "ru" ? "на самом деле" : "really happened"
        #expect(turns.filter { $0.lowercased().contains(reality) }.count == 1, "\(reality) once")
    }
}
