import ArgumentParser
import Foundation
import Sparring

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: Tongue.text("help.rules"))

    @OptionGroup var global: GlobalOptions
    @Flag(help: ArgumentHelp(Tongue.text("help.json"))) var json = false
    @Argument(help: ArgumentHelp(Tongue.text("help.rule-id"))) var id: String?

    func run() throws {
        let catalog = try Catalog.load()
        // the profile's language (or --lang): a Russian trainee reads the rules in Russian
        let language = try global.language() ?? Tongue.current
        let style = global.style
        func text(_ key: String) -> String { catalog.text(key, language) }
        if let id {
            guard let rule = RuleCatalog.rule(id) else {
                let hint = Tongue.didYouMean(id, among: RuleCatalog.ids)
                throw UserError(say: "rules.unknown", ["id": id, "hint": hint], code: 2)
            }
            let type = type(of: rule)
            if json {
                struct Example: Encodable { let reply: String, lang: String, triggers: Bool }
                struct Explained: Encodable {
                    let id: String, severity: String, title: String, question: String, why: String, instead: String
                    let examples: [Example]
                }
                try JSONOutput.print(Explained(
                    id: id, severity: type.severity.rawValue, title: text("rule.\(id).title"),
                    question: text("rule.\(id).question"), why: text("rule.\(id).why"), instead: text("rule.\(id).instead"),
                    examples: type.examples.map { Example(reply: $0.reply, lang: $0.language.rawValue, triggers: $0.triggers) }))
                return
            }
            print("\(style.bold(id)) [\(text("severity.\(type.severity.rawValue)"))] \(text("rule.\(id).title"))")
            print("")
            print(text("rule.\(id).why").replacingOccurrences(of: "{mood}", with: text("mood.angry")))
            print("")
            print("\(style.bold(text("rules.question"))) \(text("rule.\(id).question"))")
            print("\(style.bold(text("rules.instead"))) \(text("rule.\(id).instead"))")
            print("")
            print(style.bold(text("rules.examples")))
            // the examples in the reader's language (all of them when it has none)
            let examples = type.examples.filter { $0.language == language }
            for example in examples.isEmpty ? type.examples : examples {
                let mark = example.triggers ? style.red("✗") : style.green("✓")
                print("  \(mark) [\(example.language.rawValue)] \(example.reply)")
            }
            return
        }
        if json {
            struct Row: Encodable { let id: String, severity: String, title: String }
            try JSONOutput.print(RuleCatalog.all.map { rule in
                let id = type(of: rule).id
                return Row(id: id, severity: type(of: rule).severity.rawValue, title: text("rule.\(id).title"))
            })
            return
        }
        for rule in RuleCatalog.all {
            let type = type(of: rule)
            let severity = text("severity.\(type.severity.rawValue)")
            print("\(style.bold(type.id.padding(toLength: 20, withPad: " ", startingAt: 0))) \(severity.padding(toLength: 11, withPad: " ", startingAt: 0)) \(text("rule.\(type.id).title"))")
        }
        print(style.dim(text("rules.more")))
    }
}
