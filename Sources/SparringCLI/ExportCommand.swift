import ArgumentParser
import Foundation
import SparringStore

/// A date or a time on the command line: `2026-12-01`, `2026-12-01T09:00:00Z`, `2026-12-01T12:00:00+03:00`.
struct WhenArgument: ExpressibleByArgument {
    let date: Date
    init?(argument: String) {
        guard let date = ExportDocument.date(argument) else { return nil }
        self.date = date
    }
    static var defaultCompletionKind: CompletionKind { .default }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: Tongue.text("help.export"))

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv }

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp(Tongue.text("help.export-format"))) var format = Format.json
    @Option(help: ArgumentHelp(Tongue.text("help.since"))) var since: WhenArgument?
    @Option(help: ArgumentHelp(Tongue.text("help.output"))) var output: String?

    func run() throws {
        let workspace = try Workspace(global, teamLink: false)
        let everything = try workspace.store.teamRows()
        if let name = global.profile, !everything.profiles.contains(where: { $0.name == name }) {
            throw workspace.unknownProfile(name)
        }
        let rows = everything.filtered(profiles: global.profile.map { [$0] } ?? [], since: since?.date)
        let data: Data
        switch format {
        case .json: data = try ExportDocument(rows: rows).encoded() + Data("\n".utf8)
        case .csv: data = Data(Self.csv(ExportDocument(rows: rows)).utf8)
        }
        if let output {
            do { try data.write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                throw UserError.cannotWrite(output, error)
            }
        } else {
            FileHandle.standardOutput.write(data)
        }
    }

    static let columns = ["profile_id", "profile", "team", "attempt_id", "case", "lang", "module", "started_at",
                          "finished_at", "duration_s", "outcome", "score", "passed", "turn", "kind", "at", "input",
                          "findings", "penalty"]

    /// One row per turn (an attempt without turns gets one row with the turn columns empty).
    static func csv(_ document: ExportDocument) -> String {
        func quote(_ field: String) -> String {
            field.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }
        var lines = [columns.joined(separator: ",")]
        for trainee in document.profiles {
            for play in trainee.attempts {
                let attempt = [trainee.id, trainee.name, trainee.team ?? "", play.id, play.case, play.language,
                               play.module ?? "", ExportDocument.timestamp(play.startedAt),
                               play.finishedAt.map(ExportDocument.timestamp) ?? "", play.durationSeconds.map(String.init) ?? "",
                               play.outcome ?? "", play.score.map(String.init) ?? "", play.passed.map(String.init) ?? ""]
                let turns = play.turns.map {
                    [String($0.number), $0.kind, ExportDocument.timestamp($0.at), $0.input, $0.rules.joined(separator: " "),
                     String($0.penalty)]
                }
                for turn in turns.isEmpty ? [Array(repeating: "", count: 6)] : turns {
                    lines.append((attempt + turn).map(quote).joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: Tongue.text("help.import"))

    enum Target: String, ExpressibleByArgument, CaseIterable { case local, team }

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp(Tongue.text("help.import-into"))) var into = Target.local
    @Flag(help: ArgumentHelp(Tongue.text("help.import-json"))) var json = false
    @Argument(help: ArgumentHelp(Tongue.text("help.import-files"))) var files: [String] = []

    func validate() throws {
        if files.isEmpty { throw ValidationError(Tongue.text("import.needs-file")) }
    }

    func run() throws {
        var documents: [(String, ExportDocument)] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw UserError(say: "file.cannot-read", ["file": file])
            }
            do { documents.append((file, try ExportDocument.decode(data, path: file))) } catch let error as ExportError {
                throw UserError(error)
            }
        }
        let workspace = try Workspace(global, teamLink: into == .local)
        var added: [(String, MergeCount)] = []
        switch into {
        case .local:
            for (file, document) in documents {
                do { added.append((file, try workspace.store.merge(document.rows))) } catch let error as StoreError {
                    throw UserError(error, in: file)
                }
            }
        case .team:
            let url = try TeamCommand.teamDatabase(global, workspace: workspace)
            let loaded = documents
            added = try onTeamStore(url) { team in
                var added: [(String, MergeCount)] = []
                for (file, document) in loaded { added.append((file, try await team.upsert(document.rows))) }
                return added
            }
        }
        if json {
            struct Line: Encodable { let file: String; let added: MergeCount }
            printJSON(added.map { Line(file: $0.0, added: $0.1) })
            return
        }
        let words = Words(catalog: Tongue.catalog, language: Tongue.current)
        for (file, count) in added {
            print(words("import.added", ["file": file, "profiles": words.count("import.profiles", count.profiles),
                                         "attempts": words.count("import.attempts", count.attempts),
                                         "turns": words.count("import.turns", count.turns)]))
        }
    }
}

/// What the team commands print as JSON: the one encoder, pretty, as a trainer reads it.
func printJSON<T: Encodable>(_ value: T) {
    // every value printed here is a plain Encodable struct; encoding one cannot fail
    print((try? JSONOutput.line(value, pretty: true)) ?? "null")
}
