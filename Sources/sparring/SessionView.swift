import Foundation
import Sparring

/// Turns session events and debriefs into what the trainee reads.
struct SessionView {
    let style: Style
    let catalog: Catalog
    let language: Language

    func text(_ key: String, _ values: [String: String] = [:]) -> String { catalog.text(key, language, values) }

    var findingRenderer: FindingRenderer { FindingRenderer(style: style, catalog: catalog, language: language) }

    func header(_ preview: CasePreview) -> String {
        let channel = text("channel.\(preview.channel.rawValue)")
        return style.bold("── \(preview.title) ──") + "\n"
            + style.dim(text("play.header", ["name": preview.personaName, "channel": channel, "mood": text("mood.\(preview.mood.rawValue)")]))
            + "\n" + style.dim(text("play.help"))
    }

    func prompt(_ preview: CasePreview) -> String {
        "\(preview.personaName) · \(text("channel.\(preview.channel.rawValue)")) › "
    }

    /// A customer's message as flowing lines: a case author's line break inside a sentence joins up,
    /// a break after a sentence or before a capital (a signature, a link on its own line, a new
    /// thought) stays; then it wraps at `width`.
    static func reflow(_ message: String, width: Int) -> [String] {
        var paragraphs: [String] = []
        var joining = false
        for line in message.split(separator: "\n", omittingEmptySubsequences: false).map({ $0.trimmed }) {
            let continues = line.unicodeScalars.first.map { $0.properties.isLowercase || $0.properties.numericType != nil } ?? false
            if joining, continues, let last = paragraphs.popLast() {
                paragraphs.append(last + " " + line)
            } else {
                paragraphs.append(line)
            }
            joining = !line.isEmpty && !".!?…:»\")".contains(line.last!)
        }
        return paragraphs.flatMap { paragraph -> [String] in
            var lines: [String] = []
            var current = ""
            for word in paragraph.split(separator: " ") {
                if !current.isEmpty, current.count + 1 + word.count > width {
                    lines.append(current)
                    current = ""
                }
                current += (current.isEmpty ? "" : " ") + word
            }
            return lines + [current]
        }
    }

    func render(_ event: SessionEvent) -> String? {
        switch event {
        case .customer(let name, let line):
            let indented = Self.reflow(line, width: 100 - name.count).joined(separator: "\n   ")
            return "\n" + style.magenta(style.bold("\(name):")) + " " + indented + "\n"
        case .findings(_, let findings, let penalty):
            if findings.isEmpty { return style.green("  ✓ " + text("play.clean")) }
            let head = style.dim(text("play.penalty", ["points": String(penalty)]))
            return ([head] + findings.map { findingRenderer.render($0) }).joined(separator: "\n")
        case .owed(let findings, let penalty):
            let head = style.bold(text("session.owed")) + " " + style.dim(text("play.penalty", ["points": String(penalty)]))
            return ([head] + findings.map { findingRenderer.render($0) }).joined(separator: "\n")
        case .records(let records):
            let width = records.map(\.label.count).max() ?? 0
            return style.cyan(text("lookup.title")) + "\n" + records.map {
                "  " + style.bold($0.label.padding(toLength: width, withPad: " ", startingAt: 0)) + "  " + $0.value
            }.joined(separator: "\n")
        case .hint(let hint):
            return style.yellow(text("hint.label")) + " " + hint
        case .checklist(let items):
            return style.bold(text("checklist.title")) + "\n" + items.enumerated().map { index, item in
                "  \(index + 1). \(style.bold(item.title))\n     \(item.question)"
            }.joined(separator: "\n")
        case .history(let turns):
            if turns.isEmpty { return style.dim(text("history.empty")) }
            return turns.map { turn in
                let rules = turn.findings.map(\.rule).joined(separator: ", ")
                return "  \(turn.number). \(turn.input)" + (rules.isEmpty ? "" : style.dim("  [\(rules)]"))
            }.joined(separator: "\n")
        case .notice(let notice):
            return style.dim(notice)
        case .restarted:
            return style.bold(text("play.restarted"))
        case .ended:
            return nil
        }
    }

    /// For a trainer's playtest: which questions and resolve points the reply met and by what, what is still
    /// owed, and the customer's patience.
    func matching(_ session: Session) -> String {
        guard let graded = session.lastGraded else { return "" }
        var lines: [String] = []
        func how(_ match: AnswerMatch) -> String {
            switch match.by {
            case .pattern: return text("explain.by-pattern", ["quote": match.quote])
            case .meaning(let name): return text("explain.by-meaning", ["meaning": name, "quote": match.quote])
            case .answerType(let type): return text("explain.by-type", ["type": type.rawValue, "quote": match.quote])
            }
        }
        for question in session.caseFile.questions {
            guard let match = graded.answeredBy[question.id] else { continue }
            lines.append("  ✓ " + text("explain.answered", ["question": question.text]) + " — " + how(match))
        }
        for point in session.caseFile.resolve {
            guard let match = graded.conveyedBy[point.id] else { continue }
            lines.append("  ✓ " + text("explain.conveyed", ["point": point.text]) + " — " + how(match))
        }
        let owed = session.stillOwed
        lines.append(style.dim(text("explain.owed")) + " "
                     + (owed.isEmpty ? text("explain.nothing-owed") : owed.map { finding in
                         finding.rule == UnansweredQuestionRule.id ? "\(finding.rule) (\(finding.evidence.first ?? ""))" : finding.rule
                     }.joined(separator: ", ")))
        let unconveyed = session.caseFile.resolve.filter { !session.conversation.conveyed.contains($0.id) }
        if !unconveyed.isEmpty {
            lines.append(style.dim(text("explain.unconveyed")) + " " + unconveyed.map(\.id).joined(separator: ", "))
        }
        lines.append(style.dim(text("explain.patience", ["left": String(session.patience),
                                                         "total": String(session.caseFile.persona.patience)])))
        return lines.joined(separator: "\n")
    }

    /// Every signal of a reply, with the words behind the true ones.
    func signals(_ report: SignalReport) -> String {
        let signals = report.signals
        let flags: [(String, Bool)] = [
            ("greeting", signals.greeting), ("apology", signals.apology), ("empathy", signals.empathy),
            ("deflection", signals.deflection), ("clarifying", signals.clarifying), ("escalation", signals.escalation),
            ("channel_push", signals.channelPush), ("canned", signals.canned), ("hygiene", signals.hygiene),
        ]
        var lines = [style.cyan(text("explain.signals"))]
        for (name, on) in flags {
            let evidence = on ? report.evidence[name].map { " «\($0.quote)»" + ($0.note.map { style.dim(" (\($0))") } ?? "") } ?? "" : ""
            lines.append("  " + (on ? style.bold("● \(name)") : style.dim("○ \(name)")) + evidence)
        }
        let asks = report.requests.map { "\($0.kind.rawValue) «\($0.evidence.quote)»" }
        lines.append("  " + (asks.isEmpty ? style.dim("○ asks_for") : style.bold("● asks_for") + " " + asks.joined(separator: "; ")))
        return lines.joined(separator: "\n")
    }

    func debrief(_ debrief: Debrief) -> String {
        var lines: [String] = []
        let outcome = text("outcome.\(debrief.outcome.rawValue)")
        lines.append("")
        lines.append(style.bold("══ " + text("debrief.title") + " ══"))
        let verdict = debrief.passed ? style.green(text("debrief.passed")) : style.red(text("debrief.failed"))
        lines.append("\(text("debrief.outcome")) \(outcome) · \(text("debrief.score")) \(debrief.score)/100 · \(verdict)")
        let replies = debrief.turns.filter { $0.kind == .reply || $0.kind == .escalate }
        if !replies.isEmpty {
            lines.append("")
            lines.append(style.bold(text("debrief.turns")))
            for turn in replies {
                lines.append("  \(turn.number). \(turn.input)")
                if turn.findings.isEmpty {
                    if turn.kind == .reply { lines.append(style.green("     ✓ " + text("play.clean"))) }
                } else {
                    for finding in turn.findings {
                        let evidence = finding.evidence.isEmpty ? "" : " — " + finding.evidence.joined(separator: " · ")
                        lines.append("     \(finding.severity == .deadly ? style.red("✗") : style.yellow("!")) \(finding.rule)\(evidence)")
                    }
                }
            }
        }
        if !debrief.owed.isEmpty {
            lines.append("")
            lines.append(style.bold(text("session.owed")))
            for finding in debrief.owed {
                let evidence = finding.evidence.isEmpty ? "" : " — " + finding.evidence.joined(separator: " · ")
                lines.append("     \(finding.severity == .deadly ? style.red("✗") : style.yellow("!")) \(finding.rule)\(evidence)")
            }
        }
        let delivered = deliveredLines(debrief)
        if !delivered.isEmpty {
            lines.append("")
            lines.append(style.bold(text("debrief.delivered")))
            lines += delivered.map { "  ✓ " + $0 }
        }
        if !debrief.mistakes.isEmpty {
            lines.append("")
            lines.append(style.bold(text("debrief.questions")))
            for item in debrief.mistakes { lines.append("  • \(item.title): \(item.question)") }
        }
        lines.append("")
        lines.append(style.bold(text("debrief.model")))
        lines.append(indent(debrief.caseFile.modelReply))
        lines.append("")
        lines.append(style.bold(text("debrief.reality")))
        lines.append(indent(debrief.caseFile.debrief))
        return lines.joined(separator: "\n")
    }

    /// When each thing the conversation owed was delivered, in the order of the turns.
    private func deliveredLines(_ debrief: Debrief) -> [String] {
        debrief.delivered.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.compactMap { key, turn in
            if key.hasPrefix("question.") {
                let id = String(key.dropFirst("question.".count))
                guard let question = debrief.caseFile.questions.first(where: { $0.id == id }) else { return nil }
                return text("debrief.delivered.question", ["question": question.text, "turn": String(turn)])
            }
            return text("debrief.delivered.\(key)", ["turn": String(turn)])
        }
    }

    private func indent(_ text: String) -> String {
        text.trimmed.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "  " + $0 }.joined(separator: "\n")
    }
}
