import Foundation

/// A case file handed to the linter: where it is and what it says.
public struct CaseSource: Sendable {
    public let path: String
    public let text: String
    /// The language of the folder (`Cases/ru/`), when the file sits in one.
    public let folderLanguage: Language?

    public init(path: String, text: String, folderLanguage: Language?) {
        self.path = path
        self.text = text
        self.folderLanguage = folderLanguage
    }
}

/// Checks a set of case files together: each file alone, then duplicate ids and
/// Russian/English twins whose structure differs.
public struct CaseLinter: Sendable {
    let loader: CaseLoader

    public init(loader: CaseLoader) { self.loader = loader }

    public func lint(_ sources: [CaseSource]) -> (cases: [Case], diagnostics: [Diagnostic]) {
        // files load independently: on every core at once
        let slots = Slots<(Case?, [Diagnostic])>(count: sources.count)
        defer { slots.release() }
        DispatchQueue.concurrentPerform(iterations: sources.count) { index in
            let source = sources[index]
            slots.set(index, loader.load(text: source.text, path: source.path, folderLanguage: source.folderLanguage))
        }
        var cases: [Case] = []
        var diagnostics: [Diagnostic] = []
        for (caseFile, found) in slots.values {
            diagnostics += found
            if let caseFile { cases.append(caseFile) }
        }
        var seen: [String: Case] = [:]
        for caseFile in cases {
            let key = "\(caseFile.language.rawValue)/\(caseFile.id)"
            if let first = seen[key] {
                diagnostics.append(Diagnostic(path: caseFile.path, line: 1, column: 1, key: "case.error.id-taken",
                                              arguments: ["id": caseFile.id, "other": first.path]))
            } else {
                seen[key] = caseFile
            }
        }
        let byID = Dictionary(grouping: cases, by: \.id)
        for (_, group) in byID.sorted(by: { $0.key < $1.key }) {
            guard let russian = group.first(where: { $0.language == .ru }),
                  let english = group.first(where: { $0.language == .en }) else { continue }
            for difference in Self.structuralDifferences(russian, english) {
                diagnostics.append(Diagnostic(path: english.path, line: 1, column: 1, severity: .warning,
                    key: "case.warning.twin",
                                              arguments: ["twin": russian.path, "difference": difference]))
            }
        }
        return (cases, diagnostics)
    }

    /// What makes two language versions different cases.
    static func structuralDifferences(_ a: Case, _ b: Case) -> [String] {
        var differences: [String] = []
        func compare<T: Equatable>(_ name: String, _ x: T, _ y: T) {
            if x != y { differences.append("\(name) \(x) in \(a.language.rawValue), \(y) in \(b.language.rawValue)") }
        }
        compare("fault", a.fault.rawValue, b.fault.rawValue)
        compare("escalate", a.escalate.rawValue, b.escalate.rawValue)
        compare("channel", a.channel.rawValue, b.channel.rawValue)
        compare("difficulty", a.difficulty, b.difficulty)
        compare("given kinds", a.given.map(\.kind.rawValue).sorted(), b.given.map(\.kind.rawValue).sorted())
        compare("record kinds", a.records.map(\.kind.rawValue).sorted(), b.records.map(\.kind.rawValue).sorted())
        compare("question ids", a.questions.map(\.id), b.questions.map(\.id))
        compare("resolve ids", a.resolve.map(\.id), b.resolve.map(\.id))
        compare("trains", a.trains.sorted(), b.trains.sorted())
        compare("reactions", a.reactions.keys.sorted(), b.reactions.keys.sorted())
        compare("ambiguity", a.ambiguity != nil, b.ambiguity != nil)
        compare("mood", a.persona.mood.rawValue, b.persona.mood.rawValue)
        compare("expected findings", a.examples.map { "\($0.expect)" }, b.examples.map { "\($0.expect)" })
        return differences
    }
}

/// The outcome of one case example under the grader.
public struct ExampleResult: Sendable {
    public let caseFile: Case
    public let example: CaseExample
    public let found: [Finding]
    /// Nil when the example holds; otherwise what went wrong.
    public let failure: String?
}

/// Runs the examples inside case files (`cases test`): each as the first reply of a fresh conversation.
public struct CaseTester: Sendable {
    let grader: Grader

    public init(grader: Grader) { self.grader = grader }

    public func run(_ caseFile: Case) -> [ExampleResult] {
        caseFile.examples.map { example in
            let graded = grader.grade(example.reply, language: caseFile.language, caseFile: caseFile)
            let found = graded.findings.map(\.rule)
            var failure: String?
            switch example.expect {
            case .passes:
                if !found.isEmpty { failure = "expected no finding, got \(Self.list(found))" }
            case .findings(let expected):
                let missing = expected.filter { !found.contains($0) }
                if !missing.isEmpty { failure = "expected \(Self.list(expected)), missing \(Self.list(missing)); got \(Self.list(found))" }
            }
            return ExampleResult(caseFile: caseFile, example: example, found: graded.findings, failure: failure)
        }
    }

    static func list(_ rules: [String]) -> String { rules.isEmpty ? "none" : rules.joined(separator: ", ") }
}

/// One slot per task: each concurrent task writes only its own index, so no lock is needed.
final class Slots<Value>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Value>
    private var filled: Int

    init(count: Int) {
        buffer = .allocate(capacity: count)
        filled = count
    }

    func set(_ index: Int, _ value: Value) { (buffer.baseAddress! + index).initialize(to: value) }

    /// Every slot's value; call once all tasks are done.
    var values: UnsafeMutableBufferPointer<Value> { buffer }

    func release() {
        buffer.baseAddress?.deinitialize(count: filled)
        buffer.deallocate()
    }
}
