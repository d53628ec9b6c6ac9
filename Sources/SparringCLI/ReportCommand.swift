import ArgumentParser
import Foundation
import Sparring
import SparringStore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: Tongue.text("help.report"))

    enum Source: String, ExpressibleByArgument, CaseIterable { case local, team }

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp(Tongue.text("help.report-from"))) var from: Source?
    @Option(help: ArgumentHelp(Tongue.text("help.since"))) var since: WhenArgument?
    @Option(help: ArgumentHelp(Tongue.text("help.until"))) var until: WhenArgument?
    @Option(help: ArgumentHelp(Tongue.text("help.report-module"))) var module: String?
    @Option(help: ArgumentHelp(Tongue.text("help.report-html"))) var html: String?
    @Flag(help: ArgumentHelp(Tongue.text("help.report-json"))) var json = false

    func run() throws {
        let workspace = try Workspace(global, teamLink: false)
        let teamURL = from == .local ? nil : try? TeamCommand.teamDatabase(global, workspace: workspace)
        if from == .team && teamURL == nil { _ = try TeamCommand.teamDatabase(global, workspace: workspace) }
        let rows: TeamRows
        if let teamURL {
            rows = try onTeamStore(teamURL) { team in try await team.rows() }
        } else {
            rows = try workspace.store.teamRows()
        }
        let filters = TeamReport.Filters(since: since?.date, until: until?.date, module: module)
        let filtered = rows.filtered(since: filters.since, until: filters.until, module: filters.module)
        let grader = try Grader(analyzer: Analyzer.load(dictionaries: nil), catalog: Catalog.load())
        let language = try global.language() ?? workspace.lastProfileLanguage() ?? .en
        // one course per language the team trains in, each loaded once
        var contexts: [String: CourseContext] = [:]
        for code in Set(filtered.profiles.map(\.language)).union([language.rawValue]) {
            if let parsed = Language(rawValue: code) {
                contexts[code] = try? CourseContext(global: global, language: parsed, grader: grader)
            }
        }
        let report = TeamReport(rows: filtered, source: teamURL == nil ? "local" : "team", filters: filters,
                                courses: contexts.mapValues(\.course), moduleOrder: contexts[language.rawValue]?.course)
        let words = ReportWords(catalog: grader.catalog, language: language, titles: contexts[language.rawValue]?.titles ?? [:],
                                modules: Dictionary((contexts[language.rawValue]?.course.modules ?? []).map { ($0.id, $0.title) },
                                                    uniquingKeysWith: { first, _ in first }))
        if let html {
            let page = ReportPage(report: report, words: words, rows: filtered, courses: contexts.mapValues(\.course),
                                  moduleOrder: contexts[language.rawValue]?.course).render()
            do { try page.write(toFile: html, atomically: true, encoding: .utf8) } catch {
                throw UserError.cannotWrite(html, error)
            }
        }
        if json { return printJSON(report) }
        if let html { return print(html) }
        print(ReportText(report: report, words: words, style: global.style).render())
    }
}

/// The words a report needs in the trainer's language: headings, rule, case and module titles.
struct ReportWords {
    let catalog: Catalog
    let language: Language
    let titles: [String: String]
    let modules: [String: String]

    func text(_ key: String) -> String { catalog.text(key, language) }
    func rule(_ id: String) -> String {
        catalog.has("rule.\(id).title", language) ? catalog.text("rule.\(id).title", language) : id
    }
    func caseTitle(_ id: String) -> String { titles[id] ?? id }
    func module(_ id: String?) -> String {
        guard let id else { return "—" }
        if id == "finished" { return text("report.finished") }
        if id == TeamReport.duelModule { return text("report.module.duel") }
        return modules[id] ?? id
    }
    func trend(_ value: Int?) -> String {
        guard let value else { return "—" }
        return value > 0 ? "+\(value)" : value < 0 ? "−\(-value)" : "±0"
    }
    func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }
    func score(_ value: Double) -> String { String(Int(value.rounded())) }
    /// Names made distinct: two trainees called Anna become "Anna (3f2a1b)" and "Anna (9c0d4e)".
    func names(_ trainees: [TeamReport.Trainee]) -> [String: String] {
        let repeated = Dictionary(grouping: trainees, by: \.name).filter { $0.value.count > 1 }.keys
        return Dictionary(uniqueKeysWithValues: trainees.map {
            ($0.id, repeated.contains($0.name) ? "\($0.name) (\($0.id.prefix(6)))" : $0.name)
        })
    }
}

/// The report on a terminal: one line per trainee, then the cases, the hardest first.
struct ReportText {
    let report: TeamReport
    let words: ReportWords
    let style: Style

    func render() -> String {
        var lines: [String] = []
        let source = words.text(report.source == "team" ? "report.source.team" : "report.source.local")
        lines.append(style.bold("\(words.text("report.title")) — \(source)"))
        if report.trainees.isEmpty {
            lines.append(words.text("report.none"))
            return lines.joined(separator: "\n")
        }
        let names = words.names(report.trainees)
        let header = [words.text("report.column.trainee"), words.text("report.column.team"), words.text("report.column.module"),
                      words.text("report.column.passed"), words.text("report.column.average"),
                      words.text("report.column.trend"), words.text("report.column.mistakes")]
        var rows = [header]
        for trainee in report.trainees {
            rows.append([names[trainee.id]!, trainee.team ?? "—", words.module(trainee.module), String(trainee.passedCases),
                         trainee.averageBest.map(String.init) ?? "—", words.trend(trainee.trend),
                         trainee.mistakes.map { "\(words.rule($0.rule)) ×\($0.count)" }.joined(separator: "; ")])
        }
        lines += table(rows, boldFirst: true)
        if !report.cases.isEmpty {
            lines.append("")
            lines.append(style.bold(words.text("report.cases")))
            var caseRows = [[words.text("report.column.case"), words.text("report.column.attempts"),
                             words.text("report.column.pass-rate"), words.text("report.column.score")]]
            for figures in report.cases {
                caseRows.append([words.caseTitle(figures.caseId), String(figures.attempts), words.percent(figures.passRate),
                                 words.score(figures.averageScore)])
            }
            lines += table(caseRows, boldFirst: true)
        }
        return lines.joined(separator: "\n")
    }

    /// Columns padded to their widest cell (the last one left ragged).
    private func table(_ rows: [[String]], boldFirst: Bool) -> [String] {
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.enumerated().map { index, row in
            let line = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
            return index == 0 && boldFirst ? style.bold(line) : line
        }
    }
}
