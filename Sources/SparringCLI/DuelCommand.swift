import ArgumentParser
import Foundation
import Sparring
import SparringStore

struct DuelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duel",
        abstract: Tongue.text("help.duel"),
        subcommands: [HotSeatDuelCommand.self, HostDuelCommand.self, JoinDuelCommand.self],
        defaultSubcommand: HotSeatDuelCommand.self
    )
}

/// `sparring duel CASE --players anna,boris`: every player faces the same customer in one terminal, in turn.
struct HotSeatDuelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotseat", abstract: Tongue.text("help.duel-hotseat"))

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp(Tongue.text("help.duel-players"))) var players: String
    @Option(help: ArgumentHelp(Tongue.text("help.duel-seed"))) var seed: UInt64?
    @Argument(help: ArgumentHelp(Tongue.text("help.case"))) var caseReference: String

    var names: [String] { players.split(separator: ",").map { $0.trimmed }.filter { !$0.isEmpty } }

    func validate() throws {
        let names = self.names
        guard (2...8).contains(names.count) else { throw ValidationError(Tongue.text("duel.players-count")) }
        guard Set(names).count == names.count else { throw ValidationError(Tongue.text("duel.players-differ")) }
        if let long = names.first(where: { $0.count > 32 }) {
            throw ValidationError(Tongue.text("duel.name-too-long", ["name": long]))
        }
    }

    func run() throws {
        let grader = try Grader.load()
        let folder = try global.casesFolder()
        let caseFile = try CaseFiles.find(caseReference, in: folder, language: try global.language(), grader: grader)
        let workspace = try Workspace(global)
        let style = global.style
        let view = SessionView(style: style, catalog: grader.catalog, language: caseFile.language)
        let reader = LineReader(historyPath: nil)
        let seed = seed ?? UInt64(Date().timeIntervalSince1970)
        func text(_ key: String, _ values: [String: String] = [:]) -> String { grader.catalog.text(key, caseFile.language, values) }

        var seats: [(name: String, profile: Profile, session: Session, attempt: Attempt, lastLine: String)] = []
        for name in names {
            let profile = try workspace.store.profile(named: name) ?? workspace.store.createProfile(name: name, language: caseFile.language)
            let attempt = try workspace.store.startAttempt(profileId: profile.id!, caseId: caseFile.id, language: caseFile.language,
                                                           seed: seed, moduleId: "duel")
            let session = Session(caseFile: caseFile, grader: grader, seed: seed)
            _ = session.start()
            seats.append((name, profile, session, attempt, caseFile.opening.trimmed))
        }
        LineReader.completer = { prefix in CaseRunner.completions(prefix, caseFile: caseFile) }
        print(style.bold(text("duel.title", ["case": caseFile.title, "players": names.joined(separator: ", ")])))
        var round = 1
        while seats.contains(where: { !$0.session.isOver }) {
            for index in seats.indices where !seats[index].session.isOver {
                // nobody copies: the screen clears before each player's turn
                print(style.enabled ? "\u{1B}[2J\u{1B}[H" : "\n" + String(repeating: "─", count: 60))
                print(style.bold(text("duel.turn", ["player": seats[index].name, "round": String(round)])))
                print(view.header(CasePreview(caseFile)))
                print(view.render(.customer(name: caseFile.persona.name, text: seats[index].lastLine)) ?? "")
                var replied = false
                while !replied {
                    let prompt = "\(seats[index].name) → \(view.prompt(CasePreview(caseFile)))"
                    guard let line = reader.read(prompt: LineReader.promptSafe(style.bold(prompt)), plainPrompt: prompt) else {
                        _ = seats[index].session.handle("/quit")
                        break
                    }
                    guard !line.isBlank else { continue }
                    let session = seats[index].session
                    let before = session.turns.count
                    let events = session.handle(line.hasPrefix("/restart") ? "/history" : line)
                    for record in session.turns.dropFirst(before) { try workspace.store.append(record, to: seats[index].attempt.id!) }
                    for event in events {
                        if case .customer(_, let said) = event { seats[index].lastLine = said }
                        if let rendered = view.render(event) { print(rendered) }
                    }
                    replied = session.isOver || session.turns.dropFirst(before).contains { $0.kind == .reply }
                }
                if seats[index].session.isOver {
                    let session = seats[index].session
                    try workspace.store.finish(attemptId: seats[index].attempt.id!, outcome: session.outcome ?? .quit,
                                               score: session.score, passed: session.passed)
                }
                if reader.interactive {
                    let pause = text("duel.pass") + " "
                    _ = reader.read(prompt: pause, plainPrompt: pause)
                }
            }
            round += 1
        }
        print(style.enabled ? "\u{1B}[2J\u{1B}[H" : "\n" + String(repeating: "═", count: 60))
        let results = seats.map { DuelResult(player: $0.name, session: $0.session) }
        print(ScoreboardView(style: style, catalog: grader.catalog, language: caseFile.language).render(results, final: true))
    }
}

/// The scoreboard: a side-by-side table, one column per player, while it fits the terminal; else one
/// ranked line per player, so a board of any size stays readable. Names come from the network: escaped.
struct ScoreboardView {
    let style: Style
    let catalog: Catalog
    let language: Language
    /// Columns to lay out for; nil reads the terminal.
    var columns: Int? = nil

    func text(_ key: String, _ values: [String: String] = [:]) -> String { catalog.text(key, language, values) }

    func outcome(_ result: DuelResult) -> String {
        var label = result.outcome.map { text("outcome.\($0)") } ?? text("duel.playing")
        if result.passed { label += " ✓" }
        if !result.connected && result.outcome == nil { label += " (" + text("duel.dropped") + ")" }
        return label
    }

    func score(_ result: DuelResult) -> String { result.hasReplied ? String(result.score) : text("duel.no-score") }

    func render(_ results: [DuelResult], final: Bool) -> String {
        let ranked = Scoreboard.ranked(results.map { result in
            var clean = result
            clean.player = Untrusted.line(result.player)
            return clean
        })
        let width = columns ?? Terminal.columns()
        var lines = [style.bold(text(final ? "duel.final" : "duel.live"))]
        guard !ranked.isEmpty else { return lines[0] }
        lines.append("")
        lines += table(ranked, width: width) ?? list(ranked, width: width)
        if final {
            lines.append("")
            if let winner = Scoreboard.winner(ranked) {
                lines.append(style.green(style.bold(text("duel.winner", ["player": winner.player]))))
            } else {
                lines.append(style.bold(text("duel.tie")))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Side by side, or nil when the players' columns do not fit the width.
    private func table(_ ranked: [DuelResult], width: Int) -> [String]? {
        let outcomes = ranked.map(outcome)
        let cell = max(8, ((ranked.map { Columns.of($0.player) } + outcomes.map { Columns.of($0) }).max() ?? 0) + 2)
        let rules = RuleCatalog.ids.filter { rule in ranked.contains { $0.findings[rule] != nil } }
        // rules by their titles, in a column of at most a third of the line; a longer title wraps in it
        let titles = rules.map { text("rule.\($0).title") }
        let label = min(max(22, (titles.map { Columns.of($0) + 2 }.max() ?? 0)), max(22, width / 3))
        guard label + cell * ranked.count <= max(width, label + cell * 2) else { return nil }
        func row(_ title: String, _ cells: [String]) -> String {
            let lines = Layout(width: label - 2).lines(title)
            return ([Layout.pad(lines.first ?? "", to: label) + cells.map { Layout.pad($0, to: cell) }.joined()]
                + lines.dropFirst()).joined(separator: "\n")
        }
        var lines = [style.bold(row("", ranked.map(\.player)))]
        lines.append(row(text("duel.score"), ranked.map(score)))
        lines.append(row(text("duel.turns"), ranked.map { String($0.turns) }))
        lines.append(row(text("duel.outcome"), outcomes))
        for (rule, title) in zip(rules, titles) {
            lines.append(row(title, ranked.map { $0.findings[rule].map(String.init) ?? "·" }))
        }
        return lines
    }

    /// One line per player: place, name, score, replies, outcome, each cut to the width.
    private func list(_ ranked: [DuelResult], width: Int) -> [String] {
        let place = String(ranked.count).count + 1
        let name = min(24, max(8, ranked.map { Columns.of($0.player) }.max() ?? 8))
        let head = Layout.pad(text("duel.rank"), to: place + 1) + " " + Layout.pad("", to: name) + "  "
            + Layout.pad(text("duel.score"), to: 6) + Layout.pad(text("duel.turns"), to: 9) + text("duel.outcome")
        return [style.bold(Layout.truncate(head, to: width))] + ranked.enumerated().map { index, result in
            let player = Layout.pad(Layout.truncate(result.player, to: name), to: name)
            let line = Layout.pad("\(index + 1).", to: place + 1) + " " + player + "  " + Layout.pad(score(result), to: 6)
                + Layout.pad(String(result.turns), to: 9) + outcome(result)
            return Layout.truncate(line, to: width)
        }
    }
}
