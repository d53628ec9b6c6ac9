import ArgumentParser
import Foundation
import Sparring

@main
struct SparringCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sparring",
        abstract: "A sparring partner for new customer-support agents.",
        subcommands: [GradeCommand.self]
    )
}
