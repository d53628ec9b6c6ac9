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
}

@main
struct SparringCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sparring",
        abstract: "A sparring partner for new customer-support agents: play a customer, get graded, learn.",
        discussion: "With no command, continues the onboarding course.",
        subcommands: [ContinueCommand.self, CourseCommand.self, PlayCommand.self, GradeCommand.self, TrainCommand.self, RulesCommand.self,
                      CasesCommand.self, ProgressCommand.self, ExportCommand.self, ImportCommand.self, ReportCommand.self,
                      SyncCommand.self, TeamCommand.self, DuelCommand.self],
        defaultSubcommand: ContinueCommand.self
    )

    /// Exit codes mean something: 0 ok, 1 findings or failures, 2 usage.
    static func main() {
        do {
            var command = try parseAsRoot()
            defer { Workspace.finishTeamLinks() }
            try command.run()
        } catch let error as UserError {
            printError((error.location.map { "\($0): " } ?? "") + "error: \(error.description)")
            Foundation.exit(error.code)
        } catch let error as StoreError {
            // the database became unusable mid-command (damaged pages found when read)
            printError("error: \(error.description)")
            Foundation.exit(1)
        } catch let error as ValidationError {
            printError("error: \(error.message)")
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                printError(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
