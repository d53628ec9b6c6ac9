import ArgumentParser
import Foundation
import Sparring

struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play", abstract: "Play one case, outside the course. Exit 1 when it is not passed.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The customer's seed: the same seed, the same customer lines.")
    var seed: UInt64?

    @Argument(help: "A case id (see 'sparring cases list') or a case file.")
    var caseReference: String

    func run() throws {
        let grader = try Grader.load()
        let folder = try? global.locate("Cases", option: global.cases, environment: "SPARRING_CASES")
        let workspace = try Workspace(global)
        let reader = LineReader(historyPath: nil)
        let style = global.style
        let profile = try workspace.profile(named: global.profile, language: try global.language(), catalog: grader.catalog,
                                            reader: reader, style: style)
        let language = try global.language() ?? Language(rawValue: profile.language) ?? .ru
        guard let folder = folder ?? (caseReference.hasSuffix(".yaml") ? URL(fileURLWithPath: ".") : nil) else {
            _ = try global.locate("Cases", option: global.cases, environment: "SPARRING_CASES")
            return
        }
        let caseFile = try CaseFiles.find(caseReference, in: folder, language: language, grader: grader)
        let historyReader = LineReader(historyPath: workspace.historyPath(for: profile))
        let view = SessionView(style: style, catalog: grader.catalog, language: caseFile.language)
        let runner = CaseRunner(grader: grader, workspace: workspace, profile: profile, reader: historyReader, view: view)
        let (outcome, attempt) = try runner.play(caseFile, seed: seed ?? UInt64(Date().timeIntervalSince1970))
        if outcome != nil && attempt?.passed != true { throw ExitCode(1) }
    }
}
