import Foundation
import Testing
@testable import Sparring

/// The loader and the linter on broken files: every message names file, line, column and the fix.
@Suite struct CaseFileTests {
    let linter = CaseLinter(loader: CaseLoader(analyzer: Shared.grader.analyzer))

    func diagnostics(_ relative: String) -> [String] {
        let url = Shared.fixture(relative)
        let folder = url.deletingLastPathComponent().lastPathComponent
        let source = CaseSource(path: "broken/\(url.lastPathComponent)", text: (try? String(contentsOf: url, encoding: .utf8)) ?? "",
                                folderLanguage: Language(rawValue: folder))
        return linter.lint([source]).diagnostics.map(\.description)
    }

    @Test(arguments: [
        ("broken/syntax.yaml", "broken/syntax.yaml:10:6: error: invalid YAML: while parsing a flow mapping; did not find expected ',' or '}'; check the indentation and quoting here"),
        ("broken/wrong-type.yaml", "broken/wrong-type.yaml:6:13: error: 'difficulty' must be a whole number from 1 to 3; found 'hard'"),
        ("broken/unknown-key.yaml", "broken/unknown-key.yaml:9:1: error: unknown key 'persone' in the case; did you mean 'persona'?"),
        ("broken/unknown-rule.yaml", "broken/unknown-rule.yaml:25:3: error: unknown rule 'look-it-upp' in reactions; did you mean 'look-it-up'?"),
        ("broken/duplicate-key.yaml", "broken/duplicate-key.yaml:8:1: error: key 'channel' appears more than once in the same mapping; keep one"),
        ("broken/missing-key.yaml", "broken/missing-key.yaml:1:1: error: missing required key 'opening'"),
        ("broken/bad-choice.yaml", "broken/bad-choice.yaml:8:10: error: 'channel' must be one of chat, email, social, phone; found 'telegram'"),
        ("broken/bad-pattern.yaml", "broken/bad-pattern.yaml:20:19: error: bad pattern '... confirm*' in 'answered_by': a pattern cannot start with '...'"),
        ("broken/id-mismatch.yaml", "broken/id-mismatch.yaml:2:5: error: id 'valid' does not match the file name 'id-mismatch'; rename the file or the id"),
        ("broken/comma-in-flow.yaml", "broken/comma-in-flow.yaml:23:54: error: unknown key 'all good' in a resolve point; a comma inside an unquoted value in { } starts a new key, so quote the value"),
        ("broken/empty.yaml", "broken/empty.yaml:1:1: error: the file is empty; run 'sparring cases new ID' for a scaffold"),
        ("broken/ru/valid.yaml", "broken/valid.yaml:3:7: error: lang 'en' does not match the folder 'ru/'; move the file or fix 'lang'"),
    ])
    func errorNamesFileLineColumnAndFix(_ file: String, _ expected: String) {
        #expect(diagnostics(file) == [expected])
    }

    /// A diagnostic carries its key and arguments; the reader's catalogue words it: the same problem in Russian.
    @Test(arguments: [
        ("broken/unknown-key.yaml", "неизвестный ключ «persone» в кейсе; может быть, «persona»?"),
        ("broken/wrong-type.yaml", "«difficulty» должен быть целым числом от 1 до 3, а здесь «hard»"),
        ("broken/missing-key.yaml", "нет обязательного ключа «opening»"),
        ("broken/bad-choice.yaml", "«channel» должен быть одним из: chat, email, social, phone; а здесь «telegram»"),
        ("broken/ru/valid.yaml", "язык «en» не совпадает с папкой «ru/»; перенесите файл или исправьте «lang»"),
    ])
    func aDiagnosticIsWordedInTheReadersLanguage(_ file: String, _ russian: String) throws {
        let url = Shared.fixture(file)
        let source = CaseSource(path: file, text: try String(contentsOf: url, encoding: .utf8),
                                folderLanguage: Language(rawValue: url.deletingLastPathComponent().lastPathComponent))
        let diagnostic = try #require(linter.lint([source]).diagnostics.first)
        #expect(diagnostic.message(Shared.grader.catalog, .ru) == russian)
        #expect(diagnostic.message(Shared.grader.catalog, .en) == diagnostic.message)
        #expect(!diagnostic.key.isEmpty && diagnostic.key != "diagnostic.text")
    }

    /// Every broken fixture's problems have a Russian text of their own: no key shows through, and none is English.
    @Test func everyDiagnosticHasARussianText() throws {
        let folder = Shared.fixture("broken")
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 10)
        for file in files {
            let url = folder.appendingPathComponent(file)
            let source = CaseSource(path: file, text: try String(contentsOf: url, encoding: .utf8),
                                    folderLanguage: Language(rawValue: url.deletingLastPathComponent().lastPathComponent))
            for diagnostic in linter.lint([source]).diagnostics {
                let russian = diagnostic.message(Shared.grader.catalog, .ru)
                #expect(!russian.contains("case.") && !russian.contains("course."), "\(file): \(russian)")
                if diagnostic.key != "case.error.invalid-yaml" {
                    #expect(russian != diagnostic.message, "\(file): \(russian)")
                }
            }
        }
    }

    @Test func warningsForSmells() {
        #expect(diagnostics("broken/warnings.yaml") == [
            "broken/warnings.yaml:18:5: warning: question 'ok' has nothing that can answer it; add 'meanings', 'answer' with 'topic', or 'answered_by' patterns",
            "broken/warnings.yaml:22:77: warning: pattern 'just come|come in|come along' in 'patterns' has 'come' in two choices side by side, so it reads as one word from each choice in turn; write each phrase as its own pattern",
            "broken/warnings.yaml:25:3: warning: reaction 'assumed-meaning' can never be shown: the case has no 'ambiguity'",
            "broken/warnings.yaml:33:1: warning: no example fails; add a reply that makes the mistakes this case trains",
        ])
    }

    @Test func validFileLoadsWithoutDiagnostics() {
        #expect(diagnostics("valid.yaml").isEmpty)
    }

    @Test func duplicateIDsAcrossFiles() {
        let sources = ["same.yaml", "same.yml"].map { name in
            CaseSource(path: "duplicate/\(name)", text: try! String(contentsOf: Shared.fixture("duplicate/\(name)"), encoding: .utf8), folderLanguage: nil)
        }
        #expect(linter.lint(sources).diagnostics.map(\.description)
            == ["duplicate/same.yml:1:1: error: case id 'same' is already used by duplicate/same.yaml; give each case its own id"])
    }

    @Test func twinsThatDifferAreWarned() {
        let sources = [("en", "twin.yaml"), ("ru", "twin.yaml")].map { folder, name in
            CaseSource(path: "\(folder)/\(name)", text: try! String(contentsOf: Shared.fixture("broken/\(folder)/\(name)"), encoding: .utf8),
                       folderLanguage: Language(rawValue: folder))
        }
        #expect(linter.lint(sources).diagnostics.map(\.description)
            == ["en/twin.yaml:1:1: warning: differs from its twin ru/twin.yaml: fault policy in ru, company in en; the two languages must be the same case"])
    }

    @Test func hugeFileIsRefusedNotParsed() {
        let huge = String(repeating: "# padding line for a file far too large to be a case\n", count: 1_000_000)
        let (loaded, diagnostics) = CaseLoader(analyzer: Shared.grader.analyzer).load(text: huge, path: "huge.yaml")
        #expect(loaded == nil)
        #expect(diagnostics.map(\.description) == [
            "huge.yaml:1:1: error: the file is 53.0 MB; a case file must be under 1 MB, so split it or remove what is not the case",
        ])
    }

    @Test func garbageNeverCrashes() {
        for text in ["- just\n- a list", "\"unterminated", "{", "format: [1, 2]", "id: 5\nlang: {}", String(repeating: "[", count: 5000), "\u{0}\u{1}"] {
            let (loaded, diagnostics) = CaseLoader(analyzer: Shared.grader.analyzer).load(text: text, path: "garbage.yaml")
            #expect(loaded == nil)
            #expect(!diagnostics.isEmpty)
        }
    }

    @Test func scaffoldIsAcceptedOnceFilledIn() {
        for language in Language.allCases {
            let text = CaseScaffold.make(id: "late-refund", language: language)
            let (loaded, diagnostics) = CaseLoader(analyzer: Shared.grader.analyzer).load(text: text, path: "\(language.rawValue)/late-refund.yaml", folderLanguage: language)
            #expect(loaded != nil, "\(diagnostics)")
            #expect(diagnostics.filter { $0.severity == .error }.isEmpty)
        }
    }

    @Test func theShippedLibraryLoadsCleanAndItsExamplesHold() throws {
        let folder = Shared.root.appendingPathComponent("Cases")
        var sources: [CaseSource] = []
        for language in Language.allCases {
            let dir = folder.appendingPathComponent(language.rawValue)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".yaml") {
                sources.append(CaseSource(path: "\(language.rawValue)/\(name)", text: try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8), folderLanguage: language))
            }
        }
        let (cases, diagnostics) = linter.lint(sources)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
        #expect(cases.count >= 2)
        #expect(cases.contains { $0.id == "clinic-confirmation-call" && $0.language == .ru })
        #expect(cases.contains { $0.id == "clinic-confirmation-call" && $0.language == .en })
        let tester = CaseTester(grader: Shared.grader)
        for caseFile in cases {
            for result in tester.run(caseFile) {
                #expect(result.failure == nil, "\(caseFile.path):\(result.example.line): \(result.failure ?? "")")
            }
        }
    }
}
