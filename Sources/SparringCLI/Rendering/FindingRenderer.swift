import Foundation
import Sparring
import SparringStore

/// Findings as a trainee reads them: the rule's title and severity on one line, its message,
/// evidence and what to do instead indented under it, wrapped to the terminal.
struct FindingRenderer {
    let style: Style
    let catalog: Catalog
    let language: Language
    /// Columns to lay out for; nil reads the terminal.
    var columns: Int? = nil
    /// The language the findings were graded in, when it is not the reader's: they are worded again from
    /// their rule ids and arguments, so a Russian trainee playing an English case reads them in Russian.
    var graded: Language? = nil

    func worded(_ finding: Finding) -> Finding {
        guard let graded, graded != language else { return finding }
        return FindingRecord(finding, input: "", language: graded, catalog: catalog).finding(catalog, language)
    }

    var words: Words { Words(catalog: catalog, language: language) }
    var layout: Layout { Layout(width: columns ?? Terminal.columns()) }
    func text(_ key: String, _ values: [String: String] = [:]) -> String { catalog.text(key, language, values) }

    func severity(_ severity: Severity) -> String {
        let label = text("severity.\(severity.rawValue)")
        switch severity {
        case .deadly: return style.red(label)
        case .major: return style.yellow(label)
        case .minor: return style.cyan(label)
        }
    }

    func mark(_ finding: Finding) -> String { finding.severity == .deadly ? style.red("✗") : style.yellow("!") }

    func summary(_ findings: [Finding], score: Int) -> String {
        if findings.isEmpty { return layout.wrap(style.green(text("grade.clean", ["score": String(score)]))) }
        let failed = findings.contains { $0.severity == .deadly }
        let verdict = failed ? style.red(text("grade.failed")) : style.green(text("grade.passed"))
        let head = text("grade.summary", ["findings": words.count("grade.findings", findings.count), "score": String(score)])
        return layout.wrap(style.bold(head) + " " + verdict)
    }

    /// One finding in full, with the check-yourself question (`grade`).
    func render(_ finding: Finding, indent: String = "  ") -> String {
        full(finding, indent: indent, question: true).joined(separator: "\n")
    }

    /// A reply's findings as they are shown after it: the worst in full, every other one on one line.
    func reply(_ findings: [Finding], indent: String = "  ") -> [String] {
        guard let worst = findings.worst, let index = findings.firstIndex(of: worst) else { return [] }
        var others = findings
        others.remove(at: index)
        return full(worst, indent: indent) + others.map { oneLine($0, indent: indent) }
    }

    /// The title line, then the message, the evidence the message does not already show, and what to do instead.
    func full(_ finding: Finding, indent: String = "  ", question: Bool = false) -> [String] {
        let finding = worded(finding)
        let body = indent + "  "
        let title = style.bold(words.ruleTitle(finding.rule)) + " [" + severity(finding.severity) + "]"
        var lines = layout.lines(title, first: "\(indent)\(mark(finding)) ")
        let message = words.localQuotes(finding.message)
        lines += layout.lines(message, first: body)
        let evidence = freshEvidence(finding, message: message)
        if !evidence.isEmpty {
            lines += layout.lines(evidence.joined(separator: " · "), first: body + style.dim(text("grade.evidence")) + " ")
        }
        lines += layout.lines(words.localQuotes(finding.instead), first: body + style.dim(text("grade.instead")) + " ")
        if question {
            lines += layout.lines(text("rule.\(finding.rule).question"), first: body + style.dim(text("grade.question")) + " ")
        }
        return lines
    }

    /// One line: the title, the severity and the first piece of evidence, cut to the width.
    func oneLine(_ finding: Finding, indent: String = "  ") -> String {
        let finding = worded(finding)
        let first = "\(indent)\(mark(finding)) "
        let head = style.bold(words.ruleTitle(finding.rule)) + " [" + severity(finding.severity) + "]"
        let room = layout.width - Columns.of(first) - Columns.of(head) - 2
        guard let evidence = finding.evidence.first.map(words.localQuotes), !evidence.isEmpty, room >= 12 else {
            return layout.wrap(head, first: first)
        }
        return first + head + ": " + style.dim(Layout.truncate(evidence, to: room))
    }

    /// The pieces of evidence that the message does not already quote in full.
    func freshEvidence(_ finding: Finding, message: String) -> [String] {
        let folded = Self.fold(message)
        return finding.evidence.map(words.localQuotes).filter { piece in
            let core = Self.fold(piece)
            return !core.isEmpty && !folded.contains(core)
        }
    }

    /// Letters and digits only, lowercased: «…» and “…” quote the same words.
    private static func fold(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == " " }.map(Character.init))
            .split(separator: " ").joined(separator: " ")
    }
}
