import ArgumentParser
import Foundation
import Sparring
import SparringStore

struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play", abstract: Tongue.text("help.play"))

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp(Tongue.text("help.seed")))
    var seed: UInt64?

    @Argument(help: ArgumentHelp(Tongue.text("help.case")))
    var caseReference: String

    func run() throws {
        let workspace = try Workspace(global)
        let style = global.style
        // the case is found before anyone is asked for a name: a typo in the id costs nothing
        // the same default as every command: --lang, the last profile's language, the locale's
        var language = try global.language() ?? workspace.lastProfileLanguage() ?? Tongue.current
        let isFile = caseReference.hasSuffix(".yaml") || caseReference.hasSuffix(".yml")
        let folder = isFile ? URL(fileURLWithPath: ".") : try global.casesFolder()
        var path = isFile ? caseReference : folder.appendingPathComponent("\(language.rawValue)/\(caseReference).yaml").path
        if !isFile, !FileManager.default.fileExists(atPath: path),
           let other = Language.allCases.first(where: { FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0.rawValue)/\(caseReference).yaml").path) }) {
            language = other
            path = folder.appendingPathComponent("\(other.rawValue)/\(caseReference).yaml").path
        }
        // read as every case file is read: size-checked through links, a pipe or a device never waited on
        let preview = (try? CaseFiles.read(path).get()).flatMap { CasePreview.read(text: $0.text) }
        // nothing is built eagerly: the customer speaks first, the dictionaries load meanwhile; only the
        // case's language is read before that, and checked, so a broken lexicon is named before the prompt
        let grader = try Grader.load(eager: [], languages: [preview?.language ?? language])
        grader.analyzer.warmUp(preview?.language ?? language)
        let load = { try CaseFiles.find(FileManager.default.fileExists(atPath: path) ? path : caseReference, in: folder, language: language, grader: grader) }
        let loadedEarly = preview == nil ? try load() : nil
        let profile = try workspace.profile(global: global, language: try global.language(), catalog: grader.catalog,
                                            reader: LineReader(historyPath: nil), style: style)
        Tongue.current = try global.language() ?? Language(rawValue: profile.language) ?? language
        let historyReader = LineReader(historyPath: workspace.historyPath(for: profile))
        // Sparring speaks the trainee's language; the customer, the case's
        let view = SessionView(style: style, catalog: grader.catalog, language: Tongue.current,
                               caseLanguage: preview?.language ?? language)
        let runner = CaseRunner(grader: grader, workspace: workspace, profile: profile, reader: historyReader, view: view)
        let seed = seed ?? UInt64(Date().timeIntervalSince1970)
        let (outcome, attempt): (Outcome?, Attempt?)
        if let preview {
            (outcome, attempt) = try runner.play(preview: preview, load: load, seed: seed)
        } else {
            // no quick preview (a broken file, an id elsewhere): load it all, which reports any error
            (outcome, attempt) = try runner.play(loadedEarly ?? load(), seed: seed)
        }
        if outcome != nil && attempt?.passed != true { throw ExitCode(1) }
    }
}
