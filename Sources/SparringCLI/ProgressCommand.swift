import ArgumentParser
import Foundation
import Sparring
import SparringStore

/// One trainee's record for one case: attempts, best score, trend, frequent mistakes.
struct CaseRecord: Encodable {
    let caseId: String
    let attempts: Int
    let best: Int?
    let passed: Bool
    let scores: [Int]
    let mistakes: [String]
    /// The same mistakes as rule ids with their counts, for the screen (which shows their titles).
    var counts: [(rule: String, count: Int)] = []

    enum CodingKeys: String, CodingKey { case caseId, attempts, best, passed, scores, mistakes }

    static func build(caseId: String, attempts: [Attempt], turns: [Int64: [Turn]]) -> CaseRecord {
        let finished = attempts.filter { $0.finishedAt != nil && $0.outcome != "quit" }
        let rules = attempts.flatMap { turns[$0.id!]?.flatMap { $0.decodedFindings.map(\.rule) } ?? [] }
        return CaseRecord(caseId: caseId, attempts: attempts.count, best: finished.compactMap(\.score).max(),
                          passed: finished.contains { $0.passed == true }, scores: finished.compactMap(\.score),
                          mistakes: ProgressSummary.frequent(rules), counts: ProgressSummary.counts(rules))
    }
}

enum ProgressSummary {
    /// Rule ids by how often they were made, most frequent first, at most three.
    static func frequent(_ rules: [String]) -> [String] {
        counts(rules).map { "\($0.rule)×\($0.count)" }
    }

    /// The same as rule ids and counts.
    static func counts(_ rules: [String]) -> [(rule: String, count: Int)] {
        Dictionary(rules.map { ($0, 1) }, uniquingKeysWith: +)
            .sorted { ($0.value, RuleCatalog.order(of: $1.key)) > ($1.value, RuleCatalog.order(of: $0.key)) }
            .prefix(3).map { (rule: $0.key, count: $0.value) }
    }

    /// ▁▂▃▄▅▆▇█ for scores 0..100.
    static func sparkline(_ scores: [Int]) -> String {
        let bars = Array("▁▂▃▄▅▆▇█")
        return String(scores.suffix(12).map { bars[min(7, max(0, $0 * 8 / 101))] })
    }
}

struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress", abstract: Tongue.text("help.progress"))

    @OptionGroup var global: GlobalOptions
    @Flag(help: ArgumentHelp(Tongue.text("help.json"))) var json = false
    @Flag(help: ArgumentHelp(Tongue.text("help.all"))) var all = false

    /// The module id every duel attempt is kept under (hot-seat and networked alike).
    static let duelModule = "duel"

    func run() throws {
        let grader = try Grader(analyzer: Analyzer.load(dictionaries: nil), catalog: Catalog.load())
        let workspace = try Workspace(global)
        let style = global.style
        if all { return try runAll(workspace: workspace, grader: grader, style: style) }
        // `--profile X` shows X or says it does not exist; it never falls back to another profile
        let profile: Profile
        if let name = global.profile {
            guard let named = try workspace.store.profile(named: name.trimmed) else {
                throw workspace.unknownProfile(name)
            }
            profile = named
        } else if let current = (try? String(contentsOf: workspace.currentProfileFile, encoding: .utf8))
            .flatMap({ try? workspace.store.profile(named: $0.trimmed) }) {
            profile = current
        } else {
            throw UserError(say: "progress.none")
        }
        let language = try global.language() ?? Language(rawValue: profile.language) ?? .ru
        Tongue.current = language
        func text(_ key: String) -> String { grader.catalog.text(key, language) }
        let attempts = try workspace.store.attempts(profileId: profile.id!)
        let turns = try workspace.store.turns(profileId: profile.id!)
        let context = try? CourseContext(global: global, language: language, grader: grader)
        let course = context?.course
        // duel attempts are their own module: the same customer for every player, outside the course and practice
        let duels = attempts.filter { $0.moduleId == Self.duelModule }
        let byCase = Dictionary(grouping: attempts.filter { $0.moduleId != Self.duelModule }, by: \.caseId)
        var sections: [(title: String, status: String, records: [CaseRecord])] = []
        var covered = Set<String>()
        if let course {
            let progress = CourseProgress(course: course, results: CourseContext.results(attempts))
            for state in progress.modules {
                let records = state.module.cases.map { CaseRecord.build(caseId: $0, attempts: byCase[$0] ?? [], turns: turns) }
                covered.formUnion(state.module.cases)
                sections.append((state.module.title, state.status.rawValue, records))
            }
        }
        let others = byCase.keys.filter { !covered.contains($0) }.sorted()
        if !others.isEmpty {
            sections.append((text("progress.other"), "practice", others.map { CaseRecord.build(caseId: $0, attempts: byCase[$0]!, turns: turns) }))
        }
        let duelCases = Dictionary(grouping: duels, by: \.caseId)
        if !duelCases.isEmpty {
            sections.append((text("progress.duels"), Self.duelModule, duelCases.keys.sorted().map {
                CaseRecord.build(caseId: $0, attempts: duelCases[$0]!, turns: turns)
            }))
        }
        let allRules = turns.values.flatMap { $0.flatMap { $0.decodedFindings.map(\.rule) } }
        if json {
            struct Section: Encodable { let module: String; let status: String; let cases: [CaseRecord] }
            struct Output: Encodable { let profile: String; let language: String; let attempts: Int; let mistakes: [String]; let modules: [Section] }
            let output = Output(profile: profile.name, language: profile.language, attempts: attempts.count,
                                mistakes: ProgressSummary.frequent(allRules), modules: sections.map { Section(module: $0.title, status: $0.status, cases: $0.records) })
            return try JSONOutput.print(output)
        }
        let view = ProgressView(style: style, catalog: grader.catalog, language: language, titles: context?.titles ?? [:])
        print(view.render(profile: profile.name, attempts: attempts.count, mistakes: ProgressSummary.counts(allRules), sections: sections))
    }

    /// One profile's row of `progress --all`; its JSON keys are the documented snake_case ones.
    struct ProfileRow: Encodable {
        let profile: String
        let language: String
        let attempts: Int
        let passedCases: Int
        let averageBest: Nullable<Int>
        /// The module being worked on, "finished" when the course is done, "—" without a course.
        let module: String
        let topMistakes: [String]

        enum CodingKeys: String, CodingKey {
            case profile, language, attempts, module
            case passedCases = "passed_cases", averageBest = "average_best", topMistakes = "top_mistakes"
        }
    }

    private func runAll(workspace: Workspace, grader: Grader, style: Style) throws {
        let language = try global.language() ?? .en
        func text(_ key: String) -> String { grader.catalog.text(key, language) }
        var rows: [ProfileRow] = []
        for profile in try workspace.store.profiles() {
            let attempts = try workspace.store.attempts(profileId: profile.id!)
            let turns = try workspace.store.turns(profileId: profile.id!)
            let finished = attempts.filter { $0.finishedAt != nil && $0.outcome != "quit" }
            let passedCases = Set(finished.filter { $0.passed == true }.map(\.caseId)).count
            let best = Dictionary(grouping: finished, by: \.caseId).values.compactMap { $0.compactMap(\.score).max() }
            let average = best.isEmpty ? nil : best.reduce(0, +) / best.count
            var module = "—"
            let courseLanguage = Language(rawValue: profile.language) ?? .ru
            if let course = try? CourseContext(global: global, language: courseLanguage, grader: grader).course {
                let progress = CourseProgress(course: course, results: CourseContext.results(attempts))
                module = progress.current?.module.id ?? (progress.finished ? "finished" : "—")
            }
            let mistakes = ProgressSummary.frequent(turns.values.flatMap { $0.flatMap { $0.decodedFindings.map(\.rule) } })
            rows.append(ProfileRow(profile: profile.name, language: profile.language, attempts: attempts.count,
                                   passedCases: passedCases, averageBest: Nullable(average), module: module,
                                   topMistakes: mistakes))
        }
        if json { return try JSONOutput.print(rows) }
        func cell(_ text: String, _ width: Int) -> String { Layout.pad(text, to: width) }
        print(style.bold([cell(text("progress.column.profile"), 16), cell(text("progress.column.lang"), 4),
                          cell(text("progress.column.tries"), 5), cell(text("progress.column.passed"), 6),
                          cell(text("progress.column.average"), 3), cell(text("progress.column.module"), 22),
                          text("progress.column.mistakes")].joined(separator: "  ")))
        for row in rows {
            // the table says "finished" in the trainer's language; the JSON keeps the id
            let module = row.module == "finished" ? text("report.finished") : row.module
            print([cell(row.profile, 16), cell(row.language, 4), cell(String(row.attempts), 5),
                   cell(String(row.passedCases), 6), cell(row.averageBest.value.map(String.init) ?? "—", 3),
                   cell(module, 22), row.topMistakes.joined(separator: " ")].joined(separator: "  "))
        }
    }
}
