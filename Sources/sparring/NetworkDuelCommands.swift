import ArgumentParser
import CReadline
import Foundation
import Sparring
import SparringDuel
import SparringStore

/// `sparring duel host CASE`: waits for players with the join code and shows the live scoreboard.
struct HostDuelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "host", abstract: "Host a networked duel: prints a join code, shows a live scoreboard, ends when everyone is done.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The port to listen on (0: any free port).") var port = 7467
    @Option(help: "The address to listen on; 127.0.0.1 unless you open it to the network on purpose.") var bind = "127.0.0.1"
    @Option(help: "The customer's seed, the same for every player.") var seed: UInt64?
    @Option(help: "The join code (default: a random one).") var code: String?
    @Argument(help: "A case id.") var caseReference: String

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        if let code, code.count < 4 || code.count > 32 { throw ValidationError("a join code is 4 to 32 characters") }
    }

    func run() throws {
        let grader = try Grader.load(eager: [])
        let folder = try global.casesFolder()
        let caseFile = try CaseFiles.find(caseReference, in: folder, language: try global.language(), grader: grader)
        let style = global.style
        let board = ScoreboardView(style: style, catalog: grader.catalog, language: caseFile.language)
        let configuration = DuelHost.Configuration(caseId: caseFile.id, language: caseFile.language,
                                                   seed: seed ?? UInt64(Date().timeIntervalSince1970), code: code ?? DuelHost.makeCode(),
                                                   bind: bind, port: port)
        let host = DuelHost(configuration: configuration) { results in
            print((style.enabled ? "\u{1B}[2J\u{1B}[H" : "\n") + board.render(results, final: false))
            sparring_flush_stdout()
        }
        let bound: Int
        do {
            bound = try host.start()
        } catch {
            throw UserError("cannot listen on \(bind):\(port): \(error); pick another --port")
        }
        func text(_ key: String, _ values: [String: String]) -> String { grader.catalog.text(key, caseFile.language, values) }
        print(style.bold(text("duel.hosting", ["case": caseFile.title, "address": "\(bind):\(bound)", "code": configuration.code])))
        print(text("duel.join-with", ["address": "\(bind == "0.0.0.0" ? "HOST" : bind):\(bound)", "code": configuration.code]))
        print(style.dim(text("duel.host-end", [:])))
        sparring_flush_stdout()
        // ends on Enter or end of input, or once every player who joined has finished
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = Swift.readLine()
            done.signal()
        }
        while done.wait(timeout: .now() + .milliseconds(300)) == .timedOut {
            let results = host.results()
            if !results.isEmpty, results.allSatisfy({ $0.outcome != nil }) { break }
        }
        host.finish()
        print((style.enabled ? "\u{1B}[2J\u{1B}[H" : "\n") + board.render(host.results(), final: true))
    }
}

/// `sparring duel join HOST:PORT --code CODE --name NAME`: plays the host's case here, reporting every turn.
struct JoinDuelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join", abstract: "Join a networked duel and play its case in this terminal.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The join code the host printed.") var code: String
    @Option(help: "Your name on the scoreboard (and your profile here).") var name: String
    @Argument(help: "The host's address, as HOST:PORT.") var address: String

    var endpoint: (host: String, port: Int)? {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
              (1...65535).contains(port) else { return nil }
        let host = String(address[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host.isEmpty ? nil : (host, port)
    }

    func validate() throws {
        if endpoint == nil { throw ValidationError("'\(address)' is not HOST:PORT, such as 127.0.0.1:7467") }
        if name.trimmed.isEmpty || name.count > DuelMessage.maximumNameLength {
            throw ValidationError("--name is 1 to \(DuelMessage.maximumNameLength) characters")
        }
    }

    func run() throws {
        let grader = try Grader.load(eager: [])
        let (hostName, port) = endpoint!
        let client: DuelClient
        do {
            client = try DuelClient(host: hostName, port: port, code: code, name: name.trimmed)
        } catch let error as DuelProtocolError {
            throw UserError("the host refused: \(error.description)")
        } catch {
            throw UserError("cannot reach \(address): \(error); check the address and that the host is running")
        }
        defer { client.close() }
        guard let caseID = client.welcome.caseId, let language = client.welcome.lang.flatMap(Language.init(rawValue:)),
              let seed = client.welcome.seed else {
            throw UserError("the host's welcome lacks the case; is it a Sparring duel host?")
        }
        let latest = Latest()
        client.onMessage { message in latest.set(message) }
        let folder = try global.casesFolder()
        let caseFile = try CaseFiles.find(caseID, in: folder, language: language, grader: grader)
        var options = global
        options.profile = name.trimmed
        let workspace = try Workspace(options)
        let style = global.style
        let profile = try workspace.profile(named: name.trimmed, language: language, catalog: grader.catalog, reader: nil, style: style)
        let view = SessionView(style: style, catalog: grader.catalog, language: language)
        let board = ScoreboardView(style: style, catalog: grader.catalog, language: language)
        var runner = CaseRunner(grader: grader, workspace: workspace, profile: profile,
                                reader: LineReader(historyPath: workspace.historyPath(for: profile)), view: view)
        let player = name.trimmed
        runner.afterTurn = { session in
            try? client.report(DuelResult(player: player, session: session))
            if let board = latest.scoreboard { print(style.dim(ScoreboardView.compact(board))) }
        }
        let (outcome, _) = try runner.play(caseFile, seed: seed, moduleId: "duel")
        if outcome == nil { return }
        // the host sends the final scoreboard once everyone has finished
        let deadline = Date().addingTimeInterval(10)
        while latest.final == nil, Date() < deadline, latest.connected { Thread.sleep(forTimeInterval: 0.2) }
        if let results = latest.final ?? latest.scoreboard {
            print("\n" + board.render(results, final: latest.final != nil))
        }
    }

    /// The newest scoreboard from the host, read between turns.
    final class Latest: @unchecked Sendable {
        private let lock = NSLock()
        private var board: [DuelResult]?
        private var finalBoard: [DuelResult]?
        var connected = true

        func set(_ message: DuelMessage) {
            lock.withLock {
                if message.type == .scoreboard, let results = message.results {
                    if message.final == true { finalBoard = results } else { board = results }
                }
            }
        }

        var scoreboard: [DuelResult]? { lock.withLock { board } }
        var final: [DuelResult]? { lock.withLock { finalBoard } }
    }
}

extension ScoreboardView {
    /// One line: "anna 85 · boris 100".
    static func compact(_ results: [DuelResult]) -> String {
        Scoreboard.ranked(results).map { "\($0.player) \($0.score)\($0.outcome == nil ? "" : " ✓")" }.joined(separator: " · ")
    }
}
