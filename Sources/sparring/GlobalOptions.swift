import ArgumentParser
import Foundation
import Sparring

/// Options every command understands.
struct GlobalOptions: ParsableArguments {
    @Option(help: "The trainee profile to use.")
    var profile: String?

    @Option(help: "Where progress is kept (default: $SPARRING_HOME, else $XDG_DATA_HOME/sparring, else ~/.local/share/sparring).")
    var dataDir: String?

    @Option(help: "The case library folder (default: ./Cases, then $SPARRING_CASES, then the installed share folder).")
    var cases: String?

    @Option(help: "The course folder (default: ./Curriculum, then $SPARRING_CURRICULUM, then the installed share folder).")
    var curriculum: String?

    @Flag(help: "No colour, even on a terminal (NO_COLOR does the same).")
    var noColor = false

    @Option(help: "Language: ru or en.")
    var lang: String?

    @Option(help: "The team store, postgres://USER:PASSWORD@HOST:PORT/DATABASE (default: $SPARRING_TEAM_DB, else the profile's).")
    var teamDb: String?

    /// The team store named for this run (`--team-db`, else `SPARRING_TEAM_DB`); a profile's own comes after.
    var teamDatabase: String? {
        teamDb ?? ProcessInfo.processInfo.environment["SPARRING_TEAM_DB"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func language() throws -> Language? {
        guard let lang else { return nil }
        guard let language = Language(code: lang) else {
            throw ValidationError("unknown language '\(lang)'; use ru or en")
        }
        return language
    }

    var style: Style { Style.detect(noColor: noColor) }

    /// The case library folder.
    func casesFolder() throws -> URL { try locate("Cases", option: cases, environment: "SPARRING_CASES") }

    /// The files and folders a trainer named, or the whole case library.
    func casePaths(_ paths: [String]) throws -> [String] { paths.isEmpty ? [try casesFolder().path] : paths }

    /// A shipped data folder (`Cases`, `Curriculum`): the option, the working directory, the
    /// environment, then the share folder beside the binary; the error says where it looked.
    func locate(_ name: String, option: String?, environment key: String) throws -> URL {
        var tried: [String] = []
        let manager = FileManager.default
        func exists(_ path: String) -> Bool {
            var isDirectory: ObjCBool = false
            return manager.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        if let option {
            if exists(option) { return URL(fileURLWithPath: option) }
            throw ValidationError("the folder '\(option)' given with --\(name.lowercased()) does not exist")
        }
        var candidates = [manager.currentDirectoryPath + "/" + name]
        if let fromEnvironment = ProcessInfo.processInfo.environment[key] { candidates.append(fromEnvironment) }
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(binary.appendingPathComponent("../share/sparring/\(name)").standardized.path)
        // a development build runs from .build/<config>/: the checkout is two folders up
        candidates.append(binary.appendingPathComponent("../../\(name)").standardized.path)
        for candidate in candidates {
            tried.append(candidate)
            if exists(candidate) { return URL(fileURLWithPath: candidate) }
        }
        throw UserError("cannot find the \(name) folder; looked in \(tried.joined(separator: ", ")). Run from the Sparring checkout, pass --\(name.lowercased()) DIR, or set \(key)")
    }
}
