import Foundation
import Sparring

/// The course as the trainee sees it: the intro, the map of modules and cases (by title), what to do next.
struct CourseMap {
    let style: Style
    let catalog: Catalog
    let language: Language
    /// Columns to lay out for; nil reads the terminal.
    var columns: Int? = nil

    var words: Words { Words(catalog: catalog, language: language) }
    var layout: Layout { Layout(width: columns ?? Terminal.columns()) }

    /// The course's title and intro, a paragraph per sentence the author put on its own line.
    func intro(_ course: Course) -> String {
        let layout = self.layout
        return (layout.lines(style.bold(course.title)) + Prose.paragraphs(course.intro).flatMap { $0.isEmpty ? [""] : layout.lines($0) })
            .joined(separator: "\n")
    }

    /// ✓ done, ▶ current, · locked; under each open module its cases with the best score.
    func render(_ course: Course, _ progress: CourseProgress, profile: String, titles: [String: String] = [:]) -> String {
        let layout = self.layout
        var lines = layout.lines(style.bold(course.title) + style.dim("  · \(profile)"))
        for (index, state) in progress.modules.enumerated() {
            let mark: String
            switch state.status {
            case .done: mark = style.green("✓")
            case .current: mark = style.yellow("▶")
            case .locked: mark = style.dim("·")
            }
            let average = state.average.map { " · \(words("course.average")) \($0)" } ?? ""
            let first = "\(mark) \(index + 1). "
            if state.status == .locked {
                lines += layout.lines(style.dim(state.module.title + "  " + words("course.locked")), first: first)
                continue
            }
            lines += layout.lines(state.module.title + style.dim(average), first: first)
            for caseID in state.module.cases {
                let best = state.best[caseID]
                let status = best.map { $0.passed ? style.green("✓ \($0.score)") : style.red("✗ \($0.score)") } ?? style.dim("—")
                let column = Layout.pad(status, to: 5)
                lines += layout.lines(titles[caseID] ?? caseID, first: "     \(column)  ")
            }
        }
        if progress.finished { lines += layout.lines(style.green(finishedText)) }
        return lines.joined(separator: "\n")
    }

    private var finishedText: String { words("course.finished") }

    func finished() -> String { layout.wrap(style.green(finishedText)) }

    /// The question before the module's next case.
    func nextCase(_ title: String) -> String {
        layout.wrap(words("course.next-case", ["case": words.quoted(title)]))
    }

    /// Extra practice aimed at the most frequent mistake, by the rule's and the case's titles.
    func recommendation(rule: String, caseId: String, title: String) -> String {
        layout.wrap(style.dim(words("course.recommend", ["title": words.ruleTitle(rule), "case": words.quoted(title), "id": caseId])))
    }

    /// Extra practice offered after a module or at the course's end, started with one key.
    func practiceOffer(rule: String, title: String) -> String {
        layout.wrap(words("course.practice-offer", ["title": words.ruleTitle(rule), "case": words.quoted(title)]))
    }

    /// Whether the key pressed starts the practice offered (`p`, and the key in its place on the language's layout).
    func isPracticeKey(_ key: String) -> Bool {
        words("course.practice-keys").split(separator: " ").contains { $0 == key.lowercased() }
    }
}
