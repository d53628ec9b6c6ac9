import ArgumentParser
import Foundation
import Sparring
import SparringStore

/// `sparring course`: the map of the course, with what is done, current and locked.
struct CourseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "course", abstract: Tongue.text("help.course"))

    @OptionGroup var global: GlobalOptions
    @Flag(help: ArgumentHelp(Tongue.text("help.json"))) var json = false

    func run() throws {
        let grader = try Grader.load()
        let workspace = try Workspace(global)
        let reader = LineReader(historyPath: nil)
        let profile = try workspace.profile(global: global, language: try global.language(), catalog: grader.catalog,
                                            reader: reader, style: global.style)
        let language = try global.language() ?? Language(rawValue: profile.language) ?? .ru
        Tongue.current = language
        let context = try CourseContext(global: global, language: language, grader: grader)
        let progress = CourseProgress(course: context.course, results: CourseContext.results(try workspace.store.attempts(profileId: profile.id!)))
        if json {
            struct CaseRow: Encodable { let id: String; let best: Nullable<Int>; let passed: Bool }
            struct ModuleRow: Encodable {
                let id: String, title: String, status: String, average: Nullable<Int>, cases: [CaseRow]
            }
            struct Map: Encodable { let profile: String; let modules: [ModuleRow] }
            let rows = progress.modules.map { state in
                ModuleRow(id: state.module.id, title: state.module.title, status: state.status.rawValue,
                          average: Nullable(state.average), cases: state.module.cases.map {
                              CaseRow(id: $0, best: Nullable(state.best[$0]?.score), passed: state.best[$0]?.passed ?? false)
                          })
            }
            try JSONOutput.print(Map(profile: profile.name, modules: rows))
            return
        }
        print(CourseMap(style: global.style, catalog: grader.catalog, language: language).render(context.course, progress, profile: profile.name, titles: context.titles))
    }
}

/// `sparring` with no command: the new hire's day. First run creates the profile; then the current
/// module's lesson and its next case, unlocking modules as they are passed.
struct ContinueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "continue", abstract: Tongue.text("help.continue"))

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let grader = try Grader.load()
        let workspace = try Workspace(global)
        let style = global.style
        let plainReader = LineReader(historyPath: nil)
        let firstRun = try workspace.store.profiles().isEmpty
        var profile = try workspace.profile(global: global, language: try global.language(), catalog: grader.catalog,
                                            reader: plainReader, style: style)
        if let language = try global.language(), language.rawValue != profile.language {
            try workspace.store.setLanguage(language, profileId: profile.id!)
            profile.language = language.rawValue
            workspace.remember(profile)
        }
        let language = Language(rawValue: profile.language) ?? .ru
        Tongue.current = language
        func text(_ key: String, _ values: [String: String] = [:]) -> String { grader.catalog.text(key, language, values) }
        let context = try CourseContext(global: global, language: language, grader: grader)
        let reader = LineReader(historyPath: workspace.historyPath(for: profile))
        let view = SessionView(style: style, catalog: grader.catalog, language: language)
        let runner = CaseRunner(grader: grader, workspace: workspace, profile: profile, reader: reader, view: view)
        let map = CourseMap(style: style, catalog: grader.catalog, language: language)
        if try firstRun || workspace.store.attempts(profileId: profile.id!).isEmpty {
            print(map.intro(context.course))
            print("")
        }

        while true {
            let attempts = try workspace.store.attempts(profileId: profile.id!)
            let progress = CourseProgress(course: context.course, results: CourseContext.results(attempts))
            print(map.render(context.course, progress, profile: profile.name, titles: context.titles))
            guard let state = progress.current else {
                if try !practise(context: context, runner: runner, reader: reader, map: map) { return }
                continue
            }
            let module = state.module
            let playedHere = attempts.contains { $0.moduleId == module.id }
            if !playedHere {
                print("")
                print(LessonRenderer(style: style).render(context.lesson(module)))
                print("")
            }
            // an attempt left unfinished in this module comes first, then the first case not passed that
            // can be played (a case whose file has errors waits, with its error told)
            let unfinished = try workspace.store.unfinishedAttempt(profileId: profile.id!)
            let open = module.cases.filter { state.best[$0]?.passed != true }
            let playable = open.filter { context.caseFile($0) != nil }
            let left = unfinished.flatMap { module.cases.contains($0.0.caseId) ? $0.0.caseId : nil }
            let replay = open.isEmpty ? module.cases.first { context.caseFile($0) != nil } : nil
            let caseID = left ?? playable.first ?? replay
            guard let caseID, let caseFile = context.caseFile(caseID) else {
                let waiting = open.first ?? module.cases.first ?? ""
                print(map.layout.wrap(style.yellow(text("course.case-broken", ["case": waiting]))))
                return
            }
            if reader.interactive {
                let question = map.nextCase(caseFile.title) + " "
                let stop = text("course.stop-keys").split(separator: " ")
                guard let answer = reader.read(prompt: question, plainPrompt: question),
                      !stop.contains(where: { answer.trimmed.lowercased().hasPrefix($0) }) else {
                    print(map.layout.wrap(style.dim(text("course.bye"))))
                    return
                }
            } else {
                // scripted input: every line is a reply, none is taken for an answer to this question
                print(map.layout.wrap(text("course.next-case-piped", ["case": map.words.quoted(caseFile.title)])))
            }
            let (outcome, _) = try runner.play(caseFile, seed: UInt64(Date().timeIntervalSince1970),
                                               moduleId: module.id,
                                               hintsAllowed: module.hints)
            guard outcome != nil else { return }
            let played = try workspace.store.attempts(profileId: profile.id!)
            let after = CourseProgress(course: context.course, results: CourseContext.results(played))
            if let index = after.modules.firstIndex(where: { $0.module.id == module.id }), after.modules[index].status == .done {
                print("")
                print(map.layout.wrap(style.green(style.bold(text("course.module-passed", ["module": module.title])))))
                // after the last module the course's end offers the practice
                if index + 1 < after.modules.count {
                    let next = after.modules[index + 1].module.title
                    print(map.layout.wrap(style.green(text("course.unlocked", ["module": next]))))
                    _ = try practise(context: context, runner: runner, reader: reader, map: map)
                }
            }
            print("")
        }
    }

    /// Offers extra practice aimed at the most frequent mistake, started with one key on a terminal (shown
    /// with its command when the input is scripted). Returns whether a practice case was played.
    private func practise(context: CourseContext, runner: CaseRunner, reader: LineReader,
                          map: CourseMap) throws -> Bool {
        let workspace = runner.workspace
        let profile = runner.profile
        let attempts = try workspace.store.attempts(profileId: profile.id!)
        let turns = try workspace.store.turns(profileId: profile.id!)
        let mistakes = turns.values.flatMap { $0.flatMap { $0.decodedFindings.map(\.rule) } }
        let passed = Set(attempts.filter { $0.passed == true }.map(\.caseId))
        let finished = CourseProgress(course: context.course, results: CourseContext.results(attempts)).finished
        guard let (rule, caseID) = CourseProgress.recommend(mistakes: mistakes, library: context.library,
                                                            passed: passed,
                                                            course: context.course),
              let caseFile = context.caseFile(caseID) else {
            if finished { print(map.finished()) }
            return false
        }
        let title = context.titles[caseID] ?? caseID
        guard reader.interactive else {
            print(map.recommendation(rule: rule, caseId: caseID, title: title))
            return false
        }
        let offer = map.practiceOffer(rule: rule, title: title)
        guard let key = reader.readKey(prompt: offer), map.isPracticeKey(key) else {
            if finished { print(map.finished()) }
            return false
        }
        // practice is outside the course: it never counts toward a module
        let (outcome, _) = try runner.play(caseFile, seed: UInt64(Date().timeIntervalSince1970))
        return outcome != nil
    }
}
