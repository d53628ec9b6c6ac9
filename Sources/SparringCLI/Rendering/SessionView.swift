import Foundation
import Sparring

/// Turns session events and debriefs into what the trainee reads, word-wrapped to the terminal.
struct SessionView {
    let style: Style
    let catalog: Catalog
    let language: Language
    /// Columns to lay out for; nil reads the terminal's width for every screen.
    var columns: Int? = nil
    /// The case's language, when the trainee reads Sparring in another: findings are worded again in theirs.
    var caseLanguage: Language? = nil

    init(style: Style, catalog: Catalog, language: Language, columns: Int? = nil, caseLanguage: Language? = nil) {
        self.style = style
        self.catalog = catalog
        self.language = language
        self.columns = columns
        self.caseLanguage = caseLanguage
    }

    func text(_ key: String, _ values: [String: String] = [:]) -> String { catalog.text(key, language, values) }
    var words: Words { Words(catalog: catalog, language: language) }
    var layout: Layout { Layout(width: columns ?? Terminal.columns()) }

    var findingRenderer: FindingRenderer {
        FindingRenderer(style: style, catalog: catalog, language: language, columns: columns, graded: caseLanguage)
    }

    func header(_ preview: CasePreview) -> String {
        let layout = self.layout
        let channel = text("channel.\(preview.channel.rawValue)")
        let about = text("play.header", ["name": preview.personaName, "channel": channel, "mood": text("play.mood.\(preview.mood.rawValue)")])
        return (layout.lines(preview.title + " ──", first: "── ").map(style.bold)
            + layout.lines(about).map(style.dim)
            + layout.lines(text("play.help")).map(style.dim)).joined(separator: "\n")
    }

    func prompt(_ preview: CasePreview) -> String {
        "\(preview.personaName) · \(text("channel.\(preview.channel.rawValue)")) › "
    }

    /// Where the asking for a resume and the resumed notice count steps and replies.
    func resumeQuestion(steps: Int) -> String {
        text("play.resume-question", ["steps": words.count("play.steps", steps)])
    }

    func resumed(replies: Int) -> String {
        layout.lines(text("play.resumed", ["replies": words.count("play.replies", replies)])).map(style.dim).joined(separator: "\n")
    }

    /// Where to come back to a case left unfinished.
    func saved(_ title: String) -> String {
        layout.lines(text("play.saved", ["case": words.quoted(title)])).map(style.dim).joined(separator: "\n")
    }

    /// A customer's line: the name, then the message wrapped with its lines under the message's first
    /// word (or three columns in, when the name takes more than a third of the line).
    func customer(_ name: String, _ message: String) -> String {
        let layout = self.layout
        let label = "\(name): "
        let labelColumns = Columns.of(label)
        let hanging = Layout.spaces(labelColumns <= layout.width / 3 ? labelColumns : 3)
        var lines: [String] = []
        for (index, paragraph) in Prose.paragraphs(message).enumerated() {
            if index == 0 {
                lines += layout.lines(paragraph, first: style.magenta(style.bold("\(name):")) + " ", rest: hanging)
            } else if paragraph.isEmpty {
                lines.append("")
            } else {
                lines += layout.lines(paragraph, first: hanging)
            }
        }
        return "\n" + lines.joined(separator: "\n") + "\n"
    }

    /// Company records: labels in a column at most about a third of the line wide, values wrapped in theirs.
    func records(_ records: [RecordLine]) -> String {
        let layout = self.layout
        let indent = 2, gap = 2
        let longest = records.map { Columns.of($0.label) }.max() ?? 0
        let labelColumns = min(longest, max(12, layout.width / 3))
        let valueColumns = layout.width - indent - labelColumns - gap
        var lines = layout.lines(text("lookup.title")).map(style.cyan)
        for record in records {
            let labels = Layout(width: labelColumns).lines(record.label)
            guard valueColumns >= 16 else {
                lines += labels.map { Layout.spaces(indent) + style.bold($0) }
                lines += layout.lines(record.value, first: Layout.spaces(indent + 2))
                continue
            }
            let values = Layout(width: valueColumns).lines(record.value)
            for row in 0..<max(labels.count, values.count) {
                let label = row < labels.count ? labels[row] : ""
                let value = row < values.count ? values[row] : ""
                let line = Layout.spaces(indent) + style.bold(Layout.pad(label, to: labelColumns)) + Layout.spaces(gap) + value
                lines.append(value.isEmpty ? Layout.spaces(indent) + style.bold(label) : line)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The turns so far: each reply numbered, slash commands under them unnumbered, with the titles of
    /// the mistakes found.
    func history(_ turns: [TurnRecord]) -> String {
        let layout = self.layout
        if turns.isEmpty { return layout.lines(text("history.empty")).map(style.dim).joined(separator: "\n") }
        let numberColumns = String(turns.map(\.number).max() ?? 1).count
        let hanging = Layout.spaces(2 + numberColumns + 2)
        var lines: [String] = []
        for turn in turns {
            let first = turn.kind == .reply ? "  " + Layout.pad("\(turn.number).", to: numberColumns + 1) + " " : hanging
            lines += layout.lines(turn.input, first: first)
            if !turn.findings.isEmpty {
                let titles = turn.findings.map { "\(findingRenderer.mark($0)) \(words.ruleTitle($0.rule))" }
                lines += layout.items(titles, first: hanging)
            }
        }
        return lines.joined(separator: "\n")
    }

    func render(_ event: SessionEvent) -> String? {
        let layout = self.layout
        switch event {
        case .customer(let name, let line):
            return customer(name, line)
        case .findings(_, let findings, let penalty):
            if findings.isEmpty { return style.green("  ✓ " + text("play.clean")) }
            let head = style.dim(words.count("play.points", penalty))
            return ([head] + findingRenderer.reply(findings)).joined(separator: "\n")
        case .owed(let findings, let penalty):
            let head = layout.lines(style.bold(text("session.owed")) + " " + style.dim(words.count("play.points", penalty)))
            return (head + findingRenderer.reply(findings)).joined(separator: "\n")
        case .records(let lines):
            return records(lines)
        case .hint(let hint):
            return layout.wrap(style.yellow(text("hint.label")) + " " + words.localQuotes(hint), rest: "  ")
        case .checklist(let items):
            return (layout.lines(style.bold(text("checklist.title"))) + items.enumerated().flatMap { index, item in
                layout.lines(style.bold(item.title), first: "  \(index + 1). ") + layout.lines(item.question, first: "     ")
            }).joined(separator: "\n")
        case .history(let turns):
            return history(turns)
        case .notice(let notice):
            return layout.lines(words.localQuotes(notice), rest: "  ").map(style.dim).joined(separator: "\n")
        case .restarted:
            return layout.wrap(style.bold(text("play.restarted")))
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
        let layout = self.layout
        let renderer = findingRenderer
        var lines: [String] = []
        let outcome = text("outcome.\(debrief.outcome.rawValue)")
        lines.append("")
        lines += layout.lines(style.bold("══ " + text("debrief.title") + " ══"))
        let verdict = debrief.passed ? style.green(text("debrief.passed")) : style.red(text("debrief.failed"))
        lines += layout.lines("\(text("debrief.outcome")) \(outcome) · \(text("debrief.score")) \(debrief.score)/100 · \(verdict)")
        let shown = debrief.turns.filter { $0.kind == .reply || $0.kind == .escalate }
        if !shown.isEmpty {
            lines.append("")
            lines += layout.lines(style.bold(text("debrief.turns")))
            let numberColumns = String(shown.map(\.number).max() ?? 1).count
            let hanging = Layout.spaces(2 + numberColumns + 2)
            for turn in shown {
                // a reply has its number; a command (an escalation) sits under the reply before it
                let first = turn.kind == .reply ? "  " + Layout.pad("\(turn.number).", to: numberColumns + 1) + " " : hanging
                lines += layout.lines(turn.input, first: first)
                if turn.findings.isEmpty {
                    if turn.kind == .reply { lines.append(hanging + style.green("✓ " + text("play.clean"))) }
                } else {
                    for finding in turn.findings { lines += renderer.full(finding, indent: hanging) }
                }
            }
        }
        if !debrief.owed.isEmpty {
            lines.append("")
            lines += layout.lines(style.bold(text("session.owed")))
            for finding in debrief.owed { lines += renderer.full(finding, indent: "  ") }
        }
        let delivered = deliveredLines(debrief)
        if !delivered.isEmpty {
            lines.append("")
            lines += layout.lines(style.bold(text("debrief.delivered")))
            lines += delivered.flatMap { layout.lines($0, first: "  ✓ ") }
        }
        if !debrief.mistakes.isEmpty {
            lines.append("")
            lines += layout.lines(style.bold(text("debrief.questions")))
            for item in debrief.mistakes { lines += layout.lines(style.bold(item.title) + ": " + item.question, first: "  • ") }
        }
        lines.append("")
        lines += layout.lines(style.bold(text("debrief.model")))
        for paragraph in Prose.paragraphs(debrief.caseFile.modelReply) {
            lines += paragraph.isEmpty ? [""] : layout.lines(paragraph, first: "  ")
        }
        lines.append("")
        let (heading, story) = reality(debrief.caseFile.debrief)
        lines += layout.lines(style.bold(heading))
        lines.append(LessonRenderer(style: style, width: layout.width, indent: "  ").render(story))
        return lines.joined(separator: "\n")
    }

    /// The heading over what really happened, and the text under it: a case's text that opens with its
    /// own such heading («Что случилось на самом деле.», "What really happened:") keeps it as the
    /// heading instead of repeating it under the catalogue's.
    func reality(_ story: String) -> (String, String) {
        let text = story.trimmed
        let marker = self.text("debrief.reality.lead").lowercased()
        if let end = text.firstIndex(where: { ".:".contains($0) }), text.distance(from: text.startIndex, to: end) <= 60 {
            let lead = text[..<end].trimmed
            if !marker.isEmpty, lead.lowercased().contains(marker) {
                return (lead + ":", String(text[text.index(after: end)...]).trimmed)
            }
        }
        return (self.text("debrief.reality"), text)
    }

    /// When each thing the conversation owed was delivered, in the order of the turns.
    private func deliveredLines(_ debrief: Debrief) -> [String] {
        debrief.delivered.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.compactMap { key, turn in
            if key.hasPrefix("question.") {
                let id = String(key.dropFirst("question.".count))
                guard let question = debrief.caseFile.questions.first(where: { $0.id == id }) else { return nil }
                return text("debrief.delivered.question", ["question": words.quoted(question.text), "turn": String(turn)])
            }
            return text("debrief.delivered.\(key)", ["turn": String(turn)])
        }
    }
}
