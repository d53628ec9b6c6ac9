import ArgumentParser
import Foundation
import Sparring
import SparringStore

/// A full-sentence error for the user, with the exit code it means (1 failure, 2 usage).
struct UserError: Error, CustomStringConvertible {
    let description: String
    let code: Int32
    /// Where in a file the problem is (`path:line`), for a compiler-style `path:line: error: message`.
    let location: String?

    init(_ message: String, code: Int32 = 1, at location: String? = nil) {
        description = message
        self.code = code
        self.location = location
    }

    /// A message from the catalogue, in the user's language.
    init(say key: String, _ values: [String: String] = [:], code: Int32 = 1) {
        self.init(Tongue.text(key, values), code: code)
    }

    /// The progress database's error, in the user's language.
    init(_ error: StoreError, in file: String? = nil) {
        let sentence = Tongue.text(error.key, error.values)
        self.init(file.map { "\($0): \(sentence)" } ?? sentence)
    }

    /// A file that could not be written, with why in the user's language when it is the usual why (no
    /// such folder, a folder not writable); any other reason as the system gave it.
    static func cannotWrite(_ file: String, _ error: Error) -> UserError {
        let parent = (file as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        var isFolder: ObjCBool = false
        let reason: String
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue {
            reason = Tongue.text("file.no-folder", ["folder": folder])
        } else if !FileManager.default.isWritableFile(atPath: folder) {
            reason = Tongue.text("file.not-writable", ["folder": folder])
        } else {
            reason = error.localizedDescription
        }
        return UserError(say: "file.cannot-write", ["file": file, "reason": reason])
    }

    /// An export file's error, in the user's language.
    init(_ error: ExportError) {
        self.init(error.text(Tongue.catalog, Tongue.current))
    }
}

@main
struct SparringCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sparring",
        abstract: Tongue.text("help.sparring"),
        discussion: Tongue.text("help.sparring-more"),
        subcommands: [ContinueCommand.self, CourseCommand.self, PlayCommand.self, GradeCommand.self, TrainCommand.self, RulesCommand.self,
                      CasesCommand.self, ProgressCommand.self, ExportCommand.self, ImportCommand.self, ReportCommand.self,
                      SyncCommand.self, TeamCommand.self, DuelCommand.self],
        defaultSubcommand: ContinueCommand.self
    )

    /// Exit codes mean something: 0 ok, 1 findings or failures, 2 usage.
    static func main() {
        let arguments = Self.globalOptionsLast(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            defer { Workspace.finishTeamLinks() }
            try command.run()
        } catch let error as UserError {
            // a file's problem reads like a compiler's (`path:line: error:`), for a trainer's editor
            let prefix = error.location.map { "\($0): error: " } ?? Tongue.text("cli.error") + ": "
            printError(prefix + error.description)
            Foundation.exit(error.code)
        } catch let error as StoreError {
            // the database became unusable mid-command (damaged pages found when read)
            printError(Tongue.text("cli.error") + ": " + Tongue.text(error.key, error.values))
            Foundation.exit(1)
        } catch let error as ValidationError {
            printError(Tongue.text("cli.error") + ": " + error.message)
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                // the message in the user's language (ours, from validate()), then the parser's own usage lines
                let full = fullMessage(for: error)
                printError(Tongue.text("cli.error") + ": " + Self.parserMessage(message(for: error)))
                if let usage = full.range(of: "Usage:") {
                    printError(String(full[usage.lowerBound...]).split(separator: "\n",
                        omittingEmptySubsequences: false)
                        .map { Self.parserMessage(String($0)) }.joined(separator: "\n"))
                }
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    /// The argument parser's own sentences, which it words in English, said in the user's language: each
    /// form it uses (an unknown option, a bad value, an extra or missing argument, where help is) has a
    /// catalogue key; anything else it says is passed on as it is.
    static let parserForms: [(NSRegularExpression, String, [String])] = [
        (#"^Unknown option '([^']+)'\. Did you mean '([^']+)'\?$"#, "parser.unknown-option-near", ["option", "near"]),
        (#"^Unknown option '([^']+)'$"#, "parser.unknown-option", ["option"]),
        (#"^The value '(.*)' is invalid for '([^']+)'$"#, "parser.invalid-value", ["value", "option"]),
        (#"^Unexpected argument '(.*)'$"#, "parser.unexpected", ["argument"]),
        (#"^Unexpected arguments (.*)$"#, "parser.unexpected-many", ["arguments"]),
        (#"^Missing expected argument '([^']+)'$"#, "parser.missing", ["argument"]),
        (#"^Missing value for '([^']+)'$"#, "parser.missing-value", ["option"]),
        (#"^(\s*)See '(.+) --help' for more information\.$"#, "parser.see-help", ["indent", "command"]),
    ].map { (try! NSRegularExpression(pattern: $0.0), $0.1, $0.2) }

    static func parserMessage(_ text: String) -> String {
        let range = NSRange(text.startIndex..., in: text)
        for (form, key, names) in parserForms {
            guard let match = form.firstMatch(in: text, range: range) else { continue }
            var values: [String: String] = [:]
            for (index, name) in names.enumerated() {
                if let group = Range(match.range(at: index + 1), in: text) { values[name] = String(text[group]) }
            }
            return Tongue.text(key, values)
        }
        return text
    }

    /// The options every command takes, given before the command's name (`sparring --data-dir X course`),
    /// moved after it, where the parser looks for them; everything else keeps its order.
    static func globalOptionsLast(_ arguments: [String]) -> [String] {
        let valued: Set<String> = ["--profile", "--new-profile", "--data-dir", "--cases", "--curriculum", "--lang", "--team-db"]
        let flags: Set<String> = ["--no-color"]
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let name = String(argument.split(separator: "=", maxSplits: 1).first ?? "")
            if flags.contains(argument) || (valued.contains(name) && argument.contains("=")) {
                leading.append(argument)
                index += 1
            } else if valued.contains(argument), index + 1 < arguments.count {
                leading += [argument, arguments[index + 1]]
                index += 2
            } else {
                break
            }
        }
        // only before a command's name: `sparring --lang ru --help` stays the program's own help
        guard !leading.isEmpty, index < arguments.count, !arguments[index].hasPrefix("-") else { return arguments }
        var rest = Array(arguments[index...])
        // after `--` everything is a positional argument: the options go before it
        let end = rest.firstIndex(of: "--") ?? rest.endIndex
        rest.insert(contentsOf: leading, at: end)
        return rest
    }
}
