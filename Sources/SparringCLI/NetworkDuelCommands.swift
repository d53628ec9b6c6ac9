import ArgumentParser
import CReadline
import Foundation
import Sparring
import SparringDuel
import SparringStore

/// `sparring duel host CASE`: waits for players with the join code, grades every line they send, shows
/// the live scoreboard and keeps each player's attempt in this machine's store under the duel's id.
struct HostDuelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "host",
        abstract: Tongue.text("help.duel-host"))

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp(Tongue.text("help.duel-port"))) var port = 7467
    @Option(help: ArgumentHelp(Tongue.text("help.duel-bind"))) var bind = "127.0.0.1"
    @Option(help: ArgumentHelp(Tongue.text("help.duel-seed"))) var seed: UInt64?
    @Option(help: ArgumentHelp(Tongue.text("help.duel-code", ["min": String(DuelHost.minimumCodeLength)])))
    var code: String?
    @Option(help: ArgumentHelp(Tongue.text("help.duel-max-players"))) var maxPlayers = 256
    @Argument(help: ArgumentHelp(Tongue.text("help.duel-case"))) var caseReference: String

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError(Tongue.text("duel.port-range")) }
        if let code,
            !(DuelHost.minimumCodeLength...32).contains(code.count)
                || !code.unicodeScalars.allSatisfy({ $0.isASCII && CharacterSet.alphanumerics.contains($0) })
        {
            throw ValidationError(Tongue.text("duel.code-format", ["min": String(DuelHost.minimumCodeLength)]))
        }
        guard (1...1000).contains(maxPlayers) else { throw ValidationError(Tongue.text("duel.max-players-range")) }
    }

    func run() throws {
        let grader = try Grader.load()
        let folder = try global.casesFolder()
        let caseFile = try CaseFiles.find(caseReference, in: folder, language: try global.language(), grader: grader)
        let workspace = try Workspace(global)
        let style = global.style
        let language = caseFile.language
        let board = ScoreboardView(style: style, catalog: grader.catalog, language: language)
        let view = SessionView(style: style, catalog: grader.catalog, language: language)
        let catalog = grader.catalog
        @Sendable func text(_ key: String, _ values: [String: String] = [:]) -> String {
            catalog.text(key, language, values)
        }
        let configuration = DuelHost.Configuration(
            caseFile: caseFile, grader: grader, seed: seed ?? UInt64(Date().timeIntervalSince1970),
            code: (code ?? DuelHost.makeCode()).uppercased(), bind: bind, port: port, maximumPlayers: maxPlayers)
        let screen = HostScreen(style: style, board: board)
        let keeper = DuelKeeper(
            store: workspace.store, caseFile: caseFile, seed: configuration.seed, duelId: configuration.duelId)
        let host = DuelHost(configuration: configuration)
        host.onUpdate = { results in screen.show(results) }
        host.onNotice = { notice in
            switch notice {
            case .joined(let name): screen.note(text("duel.notice.joined", ["player": name]))
            case .rejoined(let name): screen.note(text("duel.notice.rejoined", ["player": name]))
            case .dropped(let name): screen.note(text("duel.notice.dropped", ["player": name]))
            case .slowReader(let name): screen.note(text("duel.notice.slow", ["player": name]))
            case .finished(let name, let outcome):
                screen.note(
                    text("duel.notice.finished", ["player": name, "outcome": text("outcome.\(outcome.rawValue)")]))
            }
        }
        host.onPlayed = { played in keeper.keep(played) }
        let bound: Int
        do {
            bound = try host.start()
        } catch {
            throw UserError(DuelHost.explainListen(error, bind: bind, port: port))
        }
        let address = "\(bind == "0.0.0.0" ? "HOST" : bind):\(bound)"
        screen.heading = [
            style.bold(
                text(
                    "duel.hosting", ["case": caseFile.title, "address": "\(bind):\(bound)", "code": configuration.code])
            ),
            text("duel.join-with", ["address": address, "code": configuration.code]),
            style.dim(text("duel.host-kept", ["duel": configuration.duelId])),
            style.dim(text("duel.host-help")),
        ]
        screen.show([])
        // Enter (or the end of input) ends the duel; a player's name shows their conversation
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            while let line = Swift.readLine(), !line.trimmed.isEmpty {
                let name = line.trimmed
                if let turns = host.turns(of: name) {
                    // what players typed came over the network: shown escaped
                    let shown = turns.map {
                        TurnRecord(
                            number: $0.number, kind: $0.kind, input: Untrusted.text($0.input),
                            findings: $0.findings, penalty: $0.penalty)
                    }
                    screen.hold(
                        text("duel.conversation", ["player": Untrusted.line(name)]) + "\n" + view.history(shown))
                } else {
                    screen.hold(text("duel.no-player", ["player": Untrusted.line(name)]))
                }
            }
            done.signal()
        }
        var reason = "host-ended"
        while done.wait(timeout: .now() + .milliseconds(300)) == .timedOut {
            if host.everyoneFinished {
                reason = "finished"
                break
            }
        }
        host.finish(reason: reason)
        keeper.close(host.results())
        screen.final(host.results())
    }
}

/// The host's terminal: the heading, the live scoreboard and the latest notices, redrawn on each change.
/// `@unchecked Sendable`: every stored property is touched only under `lock`.
final class HostScreen: @unchecked Sendable {
    let style: Style
    let board: ScoreboardView
    private let lock = NSLock()
    var heading: [String] = []
    private var notices: [String] = []
    private var results: [DuelResult] = []
    /// A conversation the host asked for stays on screen until this time, instead of being redrawn over.
    private var heldUntil = Date.distantPast

    init(style: Style, board: ScoreboardView) {
        self.style = style
        self.board = board
    }

    func show(_ results: [DuelResult]) {
        lock.withLock {
            self.results = results
            draw()
        }
    }

    func note(_ notice: String) {
        lock.withLock {
            notices.append(notice)
            if notices.count > 5 { notices.removeFirst() }
            draw()
        }
    }

    func hold(_ text: String) {
        lock.withLock {
            print("\n" + text)
            sparring_flush_stdout()
            heldUntil = Date().addingTimeInterval(15)
        }
    }

    func final(_ results: [DuelResult]) {
        lock.withLock {
            print((style.enabled ? "\u{1B}[2J\u{1B}[H" : "\n") + board.render(results, final: true))
            sparring_flush_stdout()
        }
    }

    /// Under `lock`.
    private func draw() {
        guard Date() >= heldUntil else { return }
        let clear = style.enabled ? "\u{1B}[2J\u{1B}[H" : "\n"
        let parts =
            [heading.joined(separator: "\n"), board.render(results, final: false)]
            + (notices.isEmpty ? [] : [notices.map { style.dim($0) }.joined(separator: "\n")])
        print(clear + parts.joined(separator: "\n\n"))
        sparring_flush_stdout()
    }
}

/// Keeps each player's attempt in the host's store under the duel's id, one turn as it is played,
/// written in order on its own queue so grading never waits for the disk.
/// `@unchecked Sendable`: `attempts` is touched only on `queue`.
final class DuelKeeper: @unchecked Sendable {
    let store: Store
    let caseFile: Case
    let seed: UInt64
    let duelId: String
    private let queue = DispatchQueue(label: "sparring.duel.keeper")
    private var attempts: [String: Int64] = [:]
    private var failed = false

    init(store: Store, caseFile: Case, seed: UInt64, duelId: String) {
        self.store = store
        self.caseFile = caseFile
        self.seed = seed
        self.duelId = duelId
    }

    func keep(_ played: DuelHost.Played) {
        let session = played.session
        let finished = session.outcome.map { ($0, session.score, session.passed) }
        queue.async { [self] in
            do {
                let attempt = try attemptId(played.player)
                for record in played.records { try store.append(record, to: attempt) }
                if let (outcome, score, passed) = finished {
                    try store.finish(attemptId: attempt, outcome: outcome, score: score, passed: passed)
                }
            } catch {
                report(error)
            }
        }
    }

    /// After the duel: players who had not finished keep their attempt as left unfinished.
    func close(_ results: [DuelResult]) {
        queue.sync {
            for result in results where result.outcome == nil {
                guard let attempt = attempts[result.player] else { continue }
                do {
                    try store.finish(attemptId: attempt, outcome: .quit, score: result.score, passed: false)
                } catch {
                    report(error)
                }
            }
        }
    }

    /// On `queue`.
    private func attemptId(_ player: String) throws -> Int64 {
        if let known = attempts[player] { return known }
        let profile = try store.profile(named: player) ?? store.createProfile(name: player, language: caseFile.language)
        let attempt = try store.startAttempt(
            profileId: profile.id!, caseId: caseFile.id, language: caseFile.language,
            seed: seed, moduleId: "duel", duelId: duelId)
        attempts[player] = attempt.id!
        return attempt.id!
    }

    /// On `queue`: said once, the duel goes on without the record.
    private func report(_ error: Error) {
        guard !failed else { return }
        failed = true
        FileHandle.standardError.write(Data((Tongue.text("duel.not-saved", ["reason": "\(error)"]) + "\n").utf8))
    }
}

/// `sparring duel join HOST:PORT --code CODE --name NAME`: plays the host's case here; the host grades.
struct JoinDuelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join", abstract: Tongue.text("help.duel-join"))

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp(Tongue.text("help.duel-join-code"))) var code: String
    @Option(help: ArgumentHelp(Tongue.text("help.duel-name"))) var name: String
    @Option(help: ArgumentHelp(Tongue.text("help.duel-token"))) var token: String?
    @Argument(help: ArgumentHelp(Tongue.text("help.duel-address"))) var address: String

    var endpoint: (host: String, port: Int)? {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
            (1...65535).contains(port)
        else { return nil }
        let host = String(address[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host.isEmpty ? nil : (host, port)
    }

    func validate() throws {
        if endpoint == nil { throw ValidationError(Tongue.text("duel.address-format", ["address": address])) }
        if case .failure(let error) = DuelName.validate(name) { throw ValidationError("--name: \(error.description)") }
    }

    /// Where this machine keeps the token of a duel it joined, one file per address, code and name, so
    /// a rejoin from the same machine needs no --token.
    func tokenFile(_ player: String) -> URL {
        let key = "\(address) \(code.uppercased()) \(DuelName.key(player))"
        return Workspace.dataDirectory(global.dataDir).appendingPathComponent("duel-tokens")
            .appendingPathComponent(key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "token")
    }

    func savedToken(_ player: String) -> String? {
        (try? String(contentsOf: tokenFile(player), encoding: .utf8))?.trimmed
    }

    /// Best effort: without the file, a rejoin takes --token as printed.
    func saveToken(_ token: String, _ player: String) {
        let file = tokenFile(player)
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(token.utf8).write(to: file, options: .atomic)
    }

    /// A case id as the library names them; anything else (a path above all) is not opened.
    static func isCaseId(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 100 && id.first != "-"
            && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    func run() throws {
        let grader = try Grader.load(eager: [])
        let catalog = grader.catalog
        let (hostName, port) = endpoint!
        let player = (try? DuelName.validate(name).get()) ?? name.trimmed
        let client: DuelClient
        do {
            client = try DuelClient(host: hostName, port: port, code: code, name: player, token: token ?? savedToken(player))
        } catch let error as DuelProtocolError {
            throw UserError(say: "duel.host-refused", ["reason": Untrusted.line(error.description)])
        } catch {
            throw UserError("\(error)")
        }
        defer { client.close() }
        let welcome = client.welcome
        if let token = welcome.token { saveToken(token, player) }
        guard let caseID = welcome.caseId, Self.isCaseId(caseID),
            let language = welcome.lang.flatMap(Language.init(rawValue:))
        else {
            throw UserError(say: "duel.host-no-case")
        }
        // only a case of this machine's own library, by its id: never a path the host chose
        let library = try CaseFiles.library(try global.casesFolder(), grader: grader)
        guard let caseFile = library.first(where: { $0.id == caseID && $0.language == language }) else {
            throw UserError(say: "duel.host-unknown-case", ["case": caseID, "lang": language.rawValue])
        }
        let style = global.style
        let view = SessionView(style: style, catalog: catalog, language: language)
        let board = ScoreboardView(style: style, catalog: catalog, language: language)
        @Sendable func text(_ key: String, _ values: [String: String] = [:]) -> String {
            catalog.text(key, language, values)
        }
        let me = welcome.name.map(Untrusted.line) ?? player
        let preview = CasePreview(caseFile)

        let state = JoinState()
        @Sendable func showEnd(_ final: DuelMessage, playing: Bool) {
            if playing {
                print("\n" + style.bold(text("duel.host-ended")))
                if let debrief = final.debrief {
                    print(view.debrief(debrief.debrief(caseFile: caseFile, catalog: catalog)))
                }
            }
            print("\n" + board.render(final.results ?? [], final: true))
            sparring_flush_stdout()
        }
        client.onMessage { message in
            switch message.type {
            case .scoreboard where message.final == true:
                // the host ended the duel while the trainee was at the prompt: show the end now and leave
                if state.arrived(final: message) {
                    showEnd(message, playing: true)
                    if isatty(STDIN_FILENO) != 0 { rl_deprep_terminal() }
                    Foundation.exit(0)
                }
            case .error: state.lost()
            default: break
            }
        }

        print(style.bold(text("duel.id", ["duel": Untrusted.line(welcome.duel ?? "?"), "name": me])))
        if let token = welcome.token {
            print(
                style.dim(
                    text("duel.rejoin", ["address": address, "code": code, "name": me, "token": Untrusted.line(token)]))
            )
        }
        print(view.header(preview))
        for event in welcome.events ?? [] {
            if let event = event.sessionEvent(caseFile: caseFile, catalog: catalog), let rendered = view.render(event) {
                print(rendered)
            }
        }
        var over = welcome.result?.outcome != nil
        let reader = LineReader(historyPath: nil)
        LineReader.completer = { prefix in CaseRunner.completions(prefix, caseFile: caseFile) }
        let promptText = view.prompt(preview)
        while !over {
            // the end may have come while a line was on its way: then there is nothing more to read
            guard state.reading(true) else { break }
            let line = reader.read(prompt: LineReader.promptSafe(style.bold(promptText)), plainPrompt: promptText)
            state.reading(false)
            guard let line else {
                // end of input leaves the case, as /quit does: the host keeps what was played
                _ = try? client.send(line: "/quit")
                break
            }
            guard !line.isBlank else { continue }
            let reply: DuelMessage
            do {
                reply = try client.send(line: line)
            } catch {
                break
            }
            if reply.type == .error {
                print(style.yellow(Untrusted.line(reply.message ?? "")))
                continue
            }
            for event in reply.events ?? [] {
                guard let event = event.sessionEvent(caseFile: caseFile, catalog: catalog) else { continue }
                if let rendered = view.render(event) { print(rendered) }
                if case .ended = event { over = true }
            }
            if let result = reply.result {
                let score = result.hasReplied ? String(result.score) : text("duel.no-score")
                print(
                    style.dim(
                        text(
                            "duel.status",
                            [
                                "place": String(reply.rank ?? 0), "players": String(reply.players ?? 0), "score": score,
                                "replies": Words(catalog: catalog, language: language).count(
                                    "play.replies", result.turns),
                            ])))
            }
            if over, let debrief = reply.debrief {
                print(view.debrief(debrief.debrief(caseFile: caseFile, catalog: catalog)))
            }
        }
        // every player stays for the final scoreboard
        if state.waitForEnd(onWait: {
            print("\n" + style.dim(text("duel.waiting")))
            sparring_flush_stdout()
        }), let final = state.finalMessage {
            showEnd(final, playing: !over)
        } else {
            print("\n" + style.yellow(text("duel.lost")))
            throw ExitCode(1)
        }
    }

    /// What the network thread and the terminal loop share: whether the loop sits at the prompt, and the end.
    /// `@unchecked Sendable`: every stored property is touched only under `lock`.
    final class JoinState: @unchecked Sendable {
        private let lock = NSLock()
        private let ended = DispatchSemaphore(value: 0)
        private var atPrompt = false
        private var final: DuelMessage?
        private var isLost = false
        private var taken = false

        /// Marks the terminal loop at the prompt (or off it); false when the duel is over or the connection lost.
        @discardableResult
        func reading(_ now: Bool) -> Bool {
            lock.withLock {
                atPrompt = now
                return final == nil && !isLost
            }
        }

        /// Records the final scoreboard; true when the caller (the network thread) must show it, the
        /// terminal loop being blocked at the prompt.
        func arrived(final message: DuelMessage) -> Bool {
            let take: Bool = lock.withLock {
                guard final == nil else { return false }
                final = message
                taken = atPrompt
                return atPrompt
            }
            if !take { ended.signal() }
            return take
        }

        func lost() {
            let first: Bool = lock.withLock {
                defer { isLost = true }
                return !isLost && final == nil
            }
            if first { ended.signal() }
        }

        var finalMessage: DuelMessage? { lock.withLock { final } }

        /// Waits for the end; false when the connection was lost first.
        func waitForEnd(onWait: () -> Void) -> Bool {
            let already = lock.withLock { final != nil || isLost }
            if !already { onWait() }
            ended.wait()
            return lock.withLock { final != nil && !taken }
        }
    }
}
