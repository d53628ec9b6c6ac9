import ArgumentParser
import Foundation
import Sparring

struct CasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: Tongue.text("help.cases-group"),
        subcommands: [CasesCheckCommand.self, CasesTestCommand.self, CasesNewCommand.self, CasesListCommand.self,
                      CasesPlayCommand.self, CasesCoverageCommand.self]
    )
}

struct CasesCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: Tongue.text("help.cases-check"))

    @OptionGroup var global: GlobalOptions
    @Flag(help: ArgumentHelp(Tongue.text("help.cases-json"))) var json = false
    @Argument(help: ArgumentHelp(Tongue.text("help.case-paths"))) var paths: [String] = []

    func run() throws {
        let paths = try global.casePaths(self.paths)
        // spelling plays no part in linting; each language's lexicons are built only if a file needs them
        let analyzer = try Analyzer.load(dictionaries: nil, eager: [])
        let (sources, unreadable) = try CaseFiles.collect(paths)
        let (_, found) = CaseLinter(loader: CaseLoader(analyzer: analyzer)).lint(sources)
        let diagnostics = (unreadable + found).sorted { ($0.path, $0.line, $0.column) < ($1.path, $1.line, $1.column) }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        if json {
            try JSONOutput.print(diagnostics)
        } else {
            let style = global.style
            for diagnostic in diagnostics {
                let label = diagnostic.severity == .error ? style.red("error:") : style.yellow("warning:")
                let said = diagnostic.message(Tongue.catalog, Tongue.current)
                print("\(diagnostic.path):\(diagnostic.line):\(diagnostic.column): \(label) \(said)")
            }
            let files = sources.count + unreadable.count
            let words = Words(catalog: Tongue.catalog, language: Tongue.current)
            print(words("cases.checked", ["files": words.count("cases.files", files),
                                          "errors": words.count("cases.errors", errors),
                                          "warnings": words.count("cases.warnings", warnings)]))
        }
        if errors > 0 { throw ExitCode(1) }
    }
}

struct CasesTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: Tongue.text("help.cases-test"))

    @OptionGroup var global: GlobalOptions
    @Flag(help: ArgumentHelp(Tongue.text("help.cases-verbose"))) var verbose = false
    @Argument(help: ArgumentHelp(Tongue.text("help.case-paths"))) var paths: [String] = []

    func run() throws {
        let paths = try global.casePaths(self.paths)
        let grader = try Grader.load()
        let (sources, unreadable) = try CaseFiles.collect(paths)
        let (cases, diagnostics) = CaseLinter(loader: CaseLoader(analyzer: grader.analyzer)).lint(sources)
        let style = global.style
        let errors = unreadable + diagnostics.filter { $0.severity == .error }
        for error in errors {
            let said = error.message(Tongue.catalog, Tongue.current)
            print("\(error.path):\(error.line):\(error.column): \(style.red("error:")) \(said)")
        }
        let tester = CaseTester(grader: grader)
        var passed = 0
        var failed = 0
        for caseFile in cases {
            for result in tester.run(caseFile) {
                if let failure = result.failure {
                    failed += 1
                    // `path:line:col: error:` stays as compilers write it, for a trainer's editor to jump to
                    print("\(caseFile.path):\(result.example.line):5: \(style.red("error:")) "
                        + Tongue.text("cases.example-fails", ["failure": failure]))
                    let reply = result.example.reply.replacingOccurrences(of: "\n", with: " ")
                    print(style.dim("    " + Tongue.text("cases.reply", ["reply": reply])))
                    for finding in result.found {
                        print(style.dim("    \(finding.rule): \(finding.evidence.joined(separator: " · "))"))
                    }
                } else {
                    passed += 1
                    if verbose { print("\(caseFile.path):\(result.example.line):5: ok") }
                }
            }
        }
        print(Tongue.text("cases.tested", ["passed": String(passed), "failed": String(failed)]))
        if failed > 0 || !errors.isEmpty { throw ExitCode(1) }
    }
}

struct CasesNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: Tongue.text("help.cases-new"))

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp(Tongue.text("help.cases-new-id"))) var id: String

    func validate() throws {
        if id.range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression) == nil {
            throw ValidationError(Tongue.text("cases.id-format", ["id": id]))
        }
    }

    func run() throws {
        let language = try global.language() ?? .ru
        let root = (try? global.casesFolder())
            ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Cases")
        let folder = root.appendingPathComponent(language.rawValue)
        let file = folder.appendingPathComponent("\(id).yaml")
        if FileManager.default.fileExists(atPath: file.path) {
            throw UserError(say: "cases.exists", ["file": file.path])
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try CaseScaffold.make(id: id, language: language).write(to: file, atomically: true, encoding: .utf8)
        print(Tongue.text("cases.wrote", ["file": file.path]))
        print(Tongue.text("cases.fill-in", ["file": file.path]))
    }
}

struct CasesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: Tongue.text("help.cases-list"))

    @OptionGroup var global: GlobalOptions
    @Flag(help: ArgumentHelp(Tongue.text("help.json"))) var json = false

    func run() throws {
        let folder = try global.casesFolder()
        let grader = try Grader(analyzer: Analyzer.load(dictionaries: nil), catalog: Catalog.load())
        var cases = try CaseFiles.library(folder, grader: grader)
        if let language = try global.language() { cases = cases.filter { $0.language == language } }
        cases.sort { ($0.id, $0.language.rawValue) < ($1.id, $1.language.rawValue) }
        if json {
            struct Row: Encodable { let id: String, lang: String, title: String, channel: String, fault: String, difficulty: Int }
            try JSONOutput.print(cases.map {
                Row(id: $0.id, lang: $0.language.rawValue, title: $0.title, channel: $0.channel.rawValue,
                    fault: $0.fault.rawValue, difficulty: $0.difficulty)
            })
            return
        }
        let style = global.style
        let width = (cases.map(\.id.count).max() ?? 2) + 2
        // the columns are the case file's own keys, as a trainer writes them
        print(style.bold("id".padding(toLength: width, withPad: " ", startingAt: 0) + "lang  channel  fault     level  title"))
        for caseFile in cases {
            print(caseFile.id.padding(toLength: width, withPad: " ", startingAt: 0)
                + caseFile.language.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)
                + caseFile.channel.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                + caseFile.fault.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
                + String(repeating: "●", count: caseFile.difficulty).padding(toLength: 7, withPad: " ", startingAt: 0)
                + caseFile.title)
        }
        print(style.dim(Tongue.text("cases.play-one")))
    }
}

struct CasesPlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play", abstract: Tongue.text("help.cases-play"))

    @OptionGroup var global: GlobalOptions
    @Flag(help: ArgumentHelp(Tongue.text("help.cases-explain"))) var explain = false
    @Option(help: ArgumentHelp(Tongue.text("help.cases-seed"))) var seed: UInt64 = 1
    @Argument(help: ArgumentHelp(Tongue.text("help.cases-case"))) var caseReference: String

    func run() throws {
        let grader = try Grader.load()
        let folder = (try? global.casesFolder())
            ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let caseFile = try CaseFiles.find(caseReference, in: folder, language: try global.language(), grader: grader)
        // a playtest leaves no trace in anyone's progress
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sparring-playtest-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var options = global
        options.dataDir = scratch.path
        let workspace = try Workspace(options)
        let profile = try workspace.store.createProfile(name: "playtest", language: caseFile.language)
        let view = SessionView(style: global.style, catalog: grader.catalog, language: caseFile.language)
        var runner = CaseRunner(grader: grader, workspace: workspace, profile: profile, reader: LineReader(historyPath: nil), view: view)
        runner.explain = explain
        _ = try runner.play(caseFile, seed: seed)
    }
}

struct CasesCoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: Tongue.text("help.cases-coverage"))

    @OptionGroup var global: GlobalOptions
    @Flag(help: ArgumentHelp(Tongue.text("help.json"))) var json = false
    @Argument(help: ArgumentHelp(Tongue.text("help.case-paths"))) var paths: [String] = []

    func run() throws {
        let paths = try global.casePaths(self.paths)
        let grader = try Grader.load()
        let (sources, _) = try CaseFiles.collect(paths)
        let (cases, _) = CaseLinter(loader: CaseLoader(analyzer: grader.analyzer)).lint(sources)
        let tester = CaseTester(grader: grader)
        struct Row: Encodable {
            let id: String
            let lang: String
            let trains: [String]
            let exercised: [String]
            let untested: [String]
            let unreachedReactions: [String]
        }
        var rows: [Row] = []
        for caseFile in cases.sorted(by: { ($0.id, $0.language.rawValue) < ($1.id, $1.language.rawValue) }) {
            let found = Set(tester.run(caseFile).flatMap { $0.found.map(\.rule) })
            let exercised = RuleCatalog.ids.filter(found.contains)
            rows.append(Row(id: caseFile.id, lang: caseFile.language.rawValue, trains: caseFile.trains, exercised: exercised,
                            untested: caseFile.trains.filter { !found.contains($0) },
                            unreachedReactions: caseFile.reactions.keys.sorted().filter { !found.contains($0) }))
        }
        let languages = Dictionary(grouping: cases, by: \.id).mapValues { Set($0.map(\.language)) }
        let lacking = languages.filter { $0.value.count < Language.allCases.count }.sorted { $0.key < $1.key }
            .map { id, present in
                Tongue.text("cases.no-language", ["id": id, "langs": Language.allCases.filter { !present.contains($0) }
                    .map(\.rawValue).joined(separator: ", ")])
            }
        if json {
            struct Output: Encodable { let cases: [Row]; let missingLanguages: [String] }
            try JSONOutput.print(Output(cases: rows, missingLanguages: lacking))
            return
        }
        let style = global.style
        for row in rows {
            func rules(_ ids: [String]) -> [String: String] { ["rules": ids.joined(separator: ", ")] }
            print("\(style.bold(row.id)) [\(row.lang)] " + Tongue.text("cases.exercises", rules(row.exercised)))
            if !row.untested.isEmpty { print(style.yellow("    " + Tongue.text("cases.untested", rules(row.untested)))) }
            if !row.unreachedReactions.isEmpty {
                print(style.yellow("    " + Tongue.text("cases.unreached", rules(row.unreachedReactions))))
            }
        }
        let allRules = Set(rows.flatMap(\.exercised))
        let never = RuleCatalog.ids.filter { !allRules.contains($0) }
        print("")
        let unexercised = never.isEmpty ? Tongue.text("cases.none") : never.joined(separator: ", ")
        print(Tongue.text("cases.coverage", ["files": String(rows.count), "rules": unexercised]))
        print(lacking.isEmpty ? Tongue.text("cases.all-languages")
            : Tongue.text("cases.lacking", ["cases": lacking.joined(separator: "; ")]))
    }
}
