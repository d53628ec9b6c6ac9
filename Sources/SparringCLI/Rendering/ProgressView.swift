import Foundation
import Sparring

/// `sparring progress` for one trainee: attempts, frequent mistakes by their titles, and per module
/// each case by its title with tries, best score and trend.
struct ProgressView {
    let style: Style
    let catalog: Catalog
    let language: Language
    /// Case titles by id.
    let titles: [String: String]
    /// Columns to lay out for; nil reads the terminal.
    var columns: Int? = nil

    var words: Words { Words(catalog: catalog, language: language) }

    func mistakes(_ counts: [(rule: String, count: Int)]) -> [String] {
        counts.map { "\(words.ruleTitle($0.rule)) ×\($0.count)" }
    }

    func render(profile: String, attempts: Int, mistakes counts: [(rule: String, count: Int)],
                sections: [(title: String, status: String, records: [CaseRecord])]) -> String {
        let layout = Layout(width: columns ?? Terminal.columns())
        var lines = layout.lines(style.bold(profile) + style.dim(" · " + words.count("progress.attempts-count", attempts)))
        if !counts.isEmpty { lines += layout.items(mistakes(counts), first: words("progress.mistakes") + " ") }
        let stats = sections.flatMap(\.records).map(self.stats)
        let statsColumns = stats.map { Columns.of($0) }.max() ?? 0
        let longest = sections.flatMap(\.records).map { Columns.of(titles[$0.caseId] ?? $0.caseId) }.max() ?? 0
        let titleColumns = max(16, min(longest, layout.width - 3 - 2 - statsColumns))
        for section in sections {
            let mark = section.status == "done" ? style.green("✓") : section.status == "current" ? style.yellow("▶")
                : section.status == "locked" ? style.dim("·") : section.status == "duel" ? style.cyan("⚔") : "•"
            lines.append("")
            lines += layout.lines(style.bold(section.title), first: "\(mark) ")
            for record in section.records {
                let title = Layout(width: titleColumns).lines(titles[record.caseId] ?? record.caseId)
                let first = "   " + Layout.pad(title[0], to: titleColumns) + "  "
                lines += layout.lines(self.stats(record), first: first, rest: "   " + Layout.spaces(titleColumns + 2))
                lines += title.dropFirst().map { "   " + $0 }
                if !record.counts.isEmpty {
                    lines += layout.items(mistakes(record.counts).map(style.dim), first: "      " + style.dim(words("progress.frequent")) + " ")
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Tries, best score and the trend of the last scores.
    private func stats(_ record: CaseRecord) -> String {
        let best = record.best.map { record.passed ? style.green(String($0)) : style.red(String($0)) } ?? style.dim("—")
        let scores = record.scores.suffix(12)
        let trend = scores.isEmpty ? "" : " " + (style.enabled ? ProgressSummary.sparkline(Array(scores)) : scores.map(String.init).joined(separator: ","))
        return "\(words("progress.tries")) \(record.attempts)  \(words("progress.best")) \(best)\(trend)"
    }
}
