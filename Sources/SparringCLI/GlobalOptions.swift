import ArgumentParser
import Foundation
import Sparring

/// Options every command understands.
struct GlobalOptions: ParsableArguments {
    @Option(help: ArgumentHelp(Tongue.text("help.profile")))
    var profile: String?

    @Option(help: ArgumentHelp(Tongue.text("help.new-profile")))
    var newProfile: String?

    @Option(help: ArgumentHelp(Tongue.text("help.data-dir")))
    var dataDir: String?

    @Option(help: ArgumentHelp(Tongue.text("help.cases")))
    var cases: String?

    @Option(help: ArgumentHelp(Tongue.text("help.curriculum")))
    var curriculum: String?

    @Flag(help: ArgumentHelp(Tongue.text("help.no-color")))
    var noColor = false

    @Option(help: ArgumentHelp(Tongue.text("help.lang")))
    var lang: String?

    @Option(help: ArgumentHelp(Tongue.text("help.team-db")))
    var teamDb: String?

    /// The team store named for this run (`--team-db`, else `SPARRING_TEAM_DB`); a profile's own comes after.
    var teamDatabase: String? {
        teamDb ?? ProcessInfo.processInfo.environment["SPARRING_TEAM_DB"].flatMap { $0.isEmpty ? nil : $0 }
    }

    mutating func validate() throws {
        if profile != nil && newProfile != nil {
            throw ValidationError(Tongue.text("profile.both"))
        }
        _ = try language()
    }

    func language() throws -> Language? {
        guard let lang else { return nil }
        guard let language = Language(code: lang) else {
            throw ValidationError(Tongue.text("cli.unknown-language", ["lang": lang]))
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
            throw ValidationError(Tongue.text("cli.no-folder", ["folder": option, "option": "--" + name.lowercased()]))
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
        throw UserError(say: "cli.folder-missing", ["name": name, "tried": tried.joined(separator: ", "),
                                                    "option": "--" + name.lowercased(), "variable": key])
    }
}
