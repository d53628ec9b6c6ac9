import Testing
@testable import Sparring

/// Every rule's own examples, in both languages, verified by one generic test (SwiftLint style).
@Suite struct RuleExampleTests {
    struct Item: CustomTestStringConvertible, Sendable {
        let rule: String
        let example: RuleExample
        var testDescription: String { "\(rule) [\(example.language.rawValue)] \(example.triggers ? "flags" : "passes"): \(example.reply)" }
    }

    static let items: [Item] = RuleCatalog.all.flatMap { rule in
        type(of: rule).examples.map { Item(rule: type(of: rule).id, example: $0) }
    }

    @Test(arguments: items)
    func example(_ item: Item) {
        let pack = Shared.grader.analyzer.pack(item.example.language)
        let caseFile = item.example.setup.makeCase(pack)
        let graded = Shared.grader.grade(item.example.reply, language: item.example.language, caseFile: caseFile,
                                         conversation: item.example.setup.conversation)
        let found = graded.findings.filter { $0.rule == item.rule }
        #expect(found.isEmpty != item.example.triggers, "findings: \(graded.findings.map(\.rule))")
        for finding in found {
            #expect(!finding.message.isEmpty && !finding.message.contains("rule."))
            #expect(!finding.instead.isEmpty && !finding.instead.contains("rule."))
        }
    }
}

@Suite struct RuleCatalogTests {
    @Test func idsAreStableKebabCaseAndUnique() {
        #expect(Set(RuleCatalog.ids).count == RuleCatalog.ids.count)
        for id in RuleCatalog.ids { #expect(id.range(of: "^[a-z]+(-[a-z]+)*$", options: .regularExpression) != nil) }
        #expect(RuleCatalog.ids == [
            "already-given", "look-it-up", "assumed-meaning", "not-escalated", "not-my-job", "missing-apology",
            "needless-apology", "repeated-apology", "missing-empathy", "unanswered-question", "no-greeting",
            "wrong-language", "sloppy-writing", "channel-push", "canned-phrase", "no-alternative",
        ])
    }

    @Test func everyRuleHasFlaggingAndPassingExamplesInBothLanguages() {
        for rule in RuleCatalog.all {
            let examples = type(of: rule).examples
            for language in Language.allCases {
                #expect(examples.contains { $0.language == language && $0.triggers }, "\(type(of: rule).id) \(language)")
                #expect(examples.contains { $0.language == language && !$0.triggers }, "\(type(of: rule).id) \(language)")
            }
        }
    }

    @Test func everyRuleHasItsTextsInEveryLanguage() {
        let catalog = Shared.grader.catalog
        for id in RuleCatalog.ids {
            for part in ["title", "question", "why", "message", "instead"] {
                for language in Language.allCases {
                    #expect(catalog.has("rule.\(id).\(part)", language), "rule.\(id).\(part) [\(language)]")
                }
            }
            for language in Language.allCases { #expect(catalog.has("customer.reaction.\(id)", language)) }
        }
    }

    @Test func catalogueLanguagesHaveTheSameKeys() {
        let missing = Shared.grader.catalog.missingKeys()
        #expect(missing.isEmpty, "\(missing)")
    }

    @Test func deadlyMistakesFailAndScoreFollowsSeverity() {
        let caseFile = Shared.loadCase("clinic-confirmation-call", .ru)
        let graded = Shared.grader.grade("Назовите номер телефона", language: .ru, caseFile: caseFile)
        #expect(graded.hasDeadly)
        #expect(graded.penalty == graded.findings.reduce(0) { $0 + $1.severity.penalty })
        #expect(graded.worst?.rule == "look-it-up")
        let evidence = graded.findings.first { $0.rule == "look-it-up" }!.evidence
        #expect(evidence.contains { $0.contains("+7 916 482-37-15") })
        #expect(evidence.contains { $0.contains("Назовите номер телефона") })
    }

    @Test func admittingFaultBesideAnApologyIsOneApology() {
        let graded = Shared.grader.grade("Простите нас, это наша ошибка: заказ уже в пути.", language: .ru)
        #expect(graded.report.signals.apology)
        #expect(!graded.findings.contains { $0.rule == "repeated-apology" })
        let twice = Shared.grader.grade("Извините за задержку! Ещё раз простите.", language: .ru)
        #expect(twice.findings.contains { $0.rule == "repeated-apology" })
    }
}
