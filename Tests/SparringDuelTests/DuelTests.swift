import Foundation
import NIOCore
import NIOPosix
import Sparring
import Testing
@testable import SparringDuel

/// The grader and the duel's case, loaded once for every test.
enum Fixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let grader = try! Grader.load(eager: [.ru])
    static let caseFile: Case = {
        let path = root.appendingPathComponent("Cases/ru/clinic-confirmation-call.yaml").path
        let text = try! String(contentsOfFile: path, encoding: .utf8)
        return CaseLoader(analyzer: grader.analyzer).load(text: text, path: path).0!
    }()
    static let good =
        "Здравствуйте, Вера! Понимаю, как тревожно сидеть у телефона и не знать, в силе ли запись. Я "
        + "нашла её в нашей системе: терапевт Ирина Павловна Лебедева, завтра, 15 марта, в 10:30, кабинет "
        + "214. Запись подтверждена ещё в 12:06, так что вас ждут. Звонок в вашем случае не нужен: записи "
        + "к терапевту подтверждаются автоматически, а когда звонок всё же требуется, администратор "
        + "перезванивает в течение 30 минут. Простите, что вам так и не позвонили."
    static let lookItUp = "Здравствуйте! Подскажите, пожалуйста, номер телефона, который вы указали при записи."
}

/// Collects what the host sends a client, for assertions.
final class Received: @unchecked Sendable {
    // `@unchecked Sendable`: `messages` is touched only under `lock`
    private let lock = NSLock()
    private var messages: [DuelMessage] = []

    func add(_ message: DuelMessage) { lock.withLock { messages.append(message) } }
    var all: [DuelMessage] { lock.withLock { messages } }

    /// Waits (up to five seconds) for a message that satisfies `match`.
    func wait(for match: (DuelMessage) -> Bool) -> DuelMessage? {
        for _ in 0..<100 {
            if let found = all.first(where: match) { return found }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }
}

/// A raw TCP connection for sending what a well-behaved client never would.
final class RawConnection: @unchecked Sendable {
    // `@unchecked Sendable`: the collector's flag is touched only under its lock; the rest is set once
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let channel: NIOCore.Channel
    let received = Received()

    final class Collector: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = String
        let received: Received
        let closed = NSLock()
        var isClosed = false
        init(received: Received) { self.received = received }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if case .success(let message) = DuelMessage.decode(unwrapInboundIn(data)) { received.add(message) }
        }
        func channelInactive(context: ChannelHandlerContext) { closed.withLock { isClosed = true } }
    }

    let collector: Collector

    /// `reading: false` never reads what the host sends: a slow reader.
    init(port: Int, reading: Bool = true) throws {
        let collector = Collector(received: received)
        self.collector = collector
        channel = try ClientBootstrap(group: group)
            .channelOption(ChannelOptions.autoRead, value: reading)
            .channelOption(ChannelOptions.socketOption(.so_rcvbuf), value: 4096)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(LineDecoder(maximumLength: 1 << 22)))
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }.connect(host: "127.0.0.1", port: port).wait()
    }

    func send(_ text: String) throws {
        var buffer = channel.allocator.buffer(capacity: text.utf8.count)
        buffer.writeString(text)
        try channel.writeAndFlush(buffer).wait()
    }

    var isClosed: Bool {
        for _ in 0..<100 {
            if collector.closed.withLock({ collector.isClosed }) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    deinit {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// What the host told its screen.
final class Notices: @unchecked Sendable {
    // `@unchecked Sendable`: `list` is touched only under `lock`
    private let lock = NSLock()
    private var list: [DuelHost.Notice] = []
    func add(_ notice: DuelHost.Notice) { lock.withLock { list.append(notice) } }
    func wait(for notice: DuelHost.Notice, seconds: Double = 5) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if lock.withLock({ list.contains(notice) }) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }
}

@Suite(.serialized) struct NetworkedDuelTests {
    func host(
        code: String = "TEST42", joinDeadline: TimeAmount = .seconds(10), maximumLines: Int = 500,
        outboundLimit: Int = 1 << 20, pendingPerAddress: Int = 8, freeWrongCodes: Int = 3,
        notices: Notices? = nil
    ) throws -> (DuelHost, Int) {
        let host = DuelHost(
            configuration: DuelHost.Configuration(
                caseFile: Fixture.caseFile, grader: Fixture.grader, seed: 9, code: code, duelId: "duel-test", port: 0,
                joinDeadline: joinDeadline, broadcastInterval: .milliseconds(20), maximumLines: maximumLines,
                outboundLimit: outboundLimit, pendingPerAddress: pendingPerAddress, freeWrongCodes: freeWrongCodes))
        if let notices { host.onNotice = { notices.add($0) } }
        return (host, try host.start())
    }

    func join(
        _ port: Int, _ name: String, code: String = "TEST42", token: String? = nil
    ) throws -> (DuelClient, Received) {
        let client = try DuelClient(host: "127.0.0.1", port: port, code: code, name: name, token: token)
        let received = Received()
        client.onMessage { received.add($0) }
        return (client, received)
    }

    @Test func threePlayersPlayToTheEndAndSeeTheSameFinalScoreboard() throws {
        let (host, port) = try host()
        var players: [(DuelClient, Received)] = []
        for name in ["anna", "boris", "vera"] {
            let player = try join(port, name)
            #expect(player.0.welcome.caseId == "clinic-confirmation-call")
            #expect(player.0.welcome.duel == "duel-test")
            #expect(player.0.welcome.events?.first?.kind == .customer, "the welcome carries the customer's opening")
            players.append(player)
        }
        // anna passes at once, boris asks for what the records hold and then resolves, vera leaves
        let anna = try players[0].0.send(line: Fixture.good)
        #expect(anna.type == .reply && anna.result?.passed == true && anna.debrief != nil)
        #expect(anna.rank == 1 && anna.players == 3)
        let boris = try players[1].0.send(line: Fixture.lookItUp)
        let finding = try #require(boris.events?.first { $0.kind == .findings }?.findings?.first)
        #expect(
            finding.rule == "look-it-up" && finding.arguments["quote"] != nil, "findings travel as ids and arguments")
        #expect(boris.result?.score == 70 && boris.result?.turns == 1, "the status is this turn's, not the one before")
        _ = try players[1].0.send(line: Fixture.good)
        _ = try players[2].0.send(line: "/quit")
        #expect(host.everyoneFinished)
        host.finish(reason: "finished")
        var boards: [[DuelResult]] = []
        for (_, received) in players {
            let final = try #require(received.wait { $0.type == .scoreboard && $0.final == true })
            #expect(final.reason == "finished" && final.debrief != nil)
            boards.append(final.results ?? [])
        }
        #expect(boards[0] == boards[1] && boards[1] == boards[2])
        #expect(Scoreboard.ranked(boards[0]).map(\.player) == ["anna", "boris", "vera"])
        for (client, _) in players { client.close() }
    }

    @Test func theHostEndingTheDuelReachesPlayersStillAtThePrompt() throws {
        let (host, port) = try host()
        let (anna, received) = try join(port, "anna")
        _ = try anna.send(line: Fixture.lookItUp)
        host.finish(reason: "host-ended")
        let final = try #require(received.wait { $0.final == true })
        #expect(final.reason == "host-ended")
        #expect(final.debrief?.turns.count == 1, "a player still playing gets their debrief so far")
        anna.close()
    }

    @Test func aForgedResultIsRefusedAndChangesNothing() throws {
        let (host, port) = try host()
        defer { host.finish() }
        let raw = try RawConnection(port: port)
        try raw.send(#"{"v":2,"type":"join","code":"TEST42","name":"mallory"}"# + "\n")
        #expect(raw.received.wait { $0.type == .welcome } != nil)
        try raw.send(
            #"{"v":2,"type":"turn","result":{"player":"mallory","score":100,"turns":1,"passed":true,"#
                + #""outcome":"resolved","findings":{},"connected":true}}"# + "\n")
        #expect(raw.received.wait { $0.type == .error && $0.message?.contains("no known 'type'") == true } != nil)
        try raw.send(#"{"v":1,"type":"turn","result":{"player":"mallory","score":100,"turns":1,"findings":{}}}"# + "\n")
        #expect(raw.received.wait { $0.message?.contains("version 1 is not supported") == true } != nil)
        // a result riding along with a line is ignored: the host grades the line
        try raw.send(
            #"{"v":2,"type":"line","text":"\#(Fixture.lookItUp)","result":{"player":"mallory","score":100,"#
                + #""turns":0,"passed":true,"findings":{},"connected":true}}"# + "\n")
        let reply = try #require(raw.received.wait { $0.type == .reply })
        #expect(reply.result?.score == 70)
        let row = try #require(host.results().first)
        #expect(row.player == "mallory" && row.score == 70 && !row.passed && row.outcome == nil)
    }

    @Test func aKilledClientIsMarkedRejoinsWithItsTokenAndKeepsItsRow() throws {
        let notices = Notices()
        let (host, port) = try host(notices: notices)
        defer { host.finish() }
        let (anna, _) = try join(port, "anna")
        let token = try #require(anna.welcome.token)
        _ = try anna.send(line: Fixture.lookItUp)
        anna.close()
        #expect(notices.wait(for: .dropped("anna")))
        #expect(host.results().first?.connected == false)
        #expect(throws: DuelProtocolError.self) {
            try DuelClient(host: "127.0.0.1", port: port, code: "TEST42", name: "anna")
        }
        #expect(throws: DuelProtocolError.self) {
            try DuelClient(host: "127.0.0.1", port: port, code: "TEST42", name: "ANNA", token: "0000")
        }
        let (again, _) = try join(port, "anna", token: token)
        #expect(again.welcome.result?.score == 70 && again.welcome.result?.turns == 1)
        #expect(
            again.welcome.events?.contains { $0.kind == .findings } == true, "a rejoin shows the conversation so far")
        #expect(host.results().count == 1 && host.results().first?.connected == true)
        let next = try again.send(line: Fixture.good)
        #expect(next.result?.turns == 2, "the rejoined player goes on with the same session")
        again.close()
    }

    @Test func joinCodesIgnoreCaseAndWrongOnesSlowDown() throws {
        let (host, port) = try host(code: "K7P2QM")
        defer { host.finish() }
        let (anna, _) = try join(port, "anna", code: "k7p2qm")
        anna.close()
        let started = Date()
        var refusals: [String] = []
        for guess in 0..<5 {
            do {
                _ = try DuelClient(host: "127.0.0.1", port: port, code: "GUESS\(guess)", name: "mallory\(guess)")
            } catch let error as DuelProtocolError {
                refusals.append(error.description)
            }
        }
        #expect(refusals.prefix(4).allSatisfy { $0 == "wrong join code; ask the host for the code" })
        #expect(refusals.last?.contains("too many wrong join codes") == true, "\(refusals)")
        // while the address waits, even the right code is not tried: guessing gains nothing
        #expect(throws: DuelProtocolError.self) {
            try DuelClient(host: "127.0.0.1", port: port, code: "K7P2QM", name: "boris")
        }
        Thread.sleep(forTimeInterval: 1.1)
        let (boris, _) = try join(port, "boris", code: "K7P2QM")
        boris.close()
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func aConnectionThatTricklesBytesIsClosedAtTheJoinDeadline() throws {
        let (host, port) = try host(joinDeadline: .milliseconds(400))
        defer { host.finish() }
        let raw = try RawConnection(port: port)
        let started = Date()
        // one byte every 100 ms, never a whole line: a silence timer would never fire
        for byte in #"{"v":2,"type":"jo"#.prefix(8) {
            try? raw.send(String(byte))
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(raw.isClosed)
        #expect(Date().timeIntervalSince(started) < 3)
        #expect(raw.received.all.contains { $0.message?.contains("no join in time") == true })
    }

    @Test func oneAddressCannotHoldManyConnectionsWaitingToJoin() throws {
        let (host, port) = try host(pendingPerAddress: 4)
        defer { host.finish() }
        let waiting = try (0..<4).map { _ in try RawConnection(port: port) }
        let extra = try RawConnection(port: port)
        #expect(extra.isClosed)
        #expect(extra.received.all.first?.message?.contains("too many connections") == true)
        // once joined, a connection no longer counts against its address
        try waiting[0].send(#"{"v":2,"type":"join","code":"TEST42","name":"anna"}"# + "\n")
        #expect(waiting[0].received.wait { $0.type == .welcome } != nil)
        let (boris, _) = try join(port, "boris")
        boris.close()
    }

    @Test func aClientThatNeverReadsIsDroppedBeforeItCostsMemory() throws {
        let notices = Notices()
        let (host, port) = try host(maximumLines: 5_000, outboundLimit: 64 << 10, notices: notices)
        defer { host.finish() }
        let raw = try RawConnection(port: port, reading: false)
        try raw.send(#"{"v":2,"type":"join","code":"TEST42","name":"sloth"}"# + "\n")
        // long lookups fill the history; each /history then asks for up to 50 of them back
        let long = "/lookup " + String(repeating: "запись ", count: 1_000)
        let lookup = DuelMessage(type: .line, text: long).encoded() + "\n"
        let history = DuelMessage(type: .line, text: "/history").encoded() + "\n"
        try raw.send(String(repeating: lookup, count: 50))
        for _ in 0..<20 where !notices.wait(for: .slowReader("sloth"), seconds: 0.05) {
            try? raw.send(String(repeating: history, count: 10))
        }
        #expect(notices.wait(for: .slowReader("sloth")))
        #expect(host.connectedPlayers == 0)
        #expect(host.results().first?.connected == false)
    }

    @Test func oversizeLinesAndDisguisedNamesAreRefused() throws {
        let (host, port) = try host()
        defer { host.finish() }
        let raw = try RawConnection(port: port)
        try raw.send(String(repeating: "x", count: DuelMessage.maximumLineLength + 10))
        #expect(raw.received.wait { $0.type == .error }?.message?.contains("longer than") == true)
        #expect(raw.isClosed)
        for name in [
            "an\u{200B}na", "\u{202E}anna", "a" + String(repeating: "\u{0301}", count: 40),
            String(repeating: "я", count: 25),
        ] {
            #expect(throws: DuelProtocolError.self, "\(name.unicodeScalars.map(\.value))") {
                try DuelClient(host: "127.0.0.1", port: port, code: "TEST42", name: name)
            }
        }
    }

    @Test func eachPlayerSendsABoundedNumberOfLines() throws {
        let (host, port) = try host(maximumLines: 3)
        defer { host.finish() }
        let (anna, _) = try join(port, "anna")
        for _ in 0..<3 { #expect(try anna.send(line: "/checklist").type == .reply) }
        #expect(try anna.send(line: "/checklist").message?.contains("at most 3 lines") == true)
        anna.close()
    }

    @Test func aRestartIsNotAllowedInADuel() throws {
        let (host, port) = try host()
        defer { host.finish() }
        let (anna, _) = try join(port, "anna")
        _ = try anna.send(line: Fixture.lookItUp)
        let reply = try anna.send(line: "/restart")
        #expect(reply.events?.map(\.kind) == [.history])
        #expect(reply.result?.score == 70)
        anna.close()
    }

    @Test func aRefusedConnectionIsExplainedInPlainWords() throws {
        let (host, port) = try host()
        host.finish()
        do {
            _ = try DuelClient(host: "127.0.0.1", port: port, code: "TEST42", name: "anna")
            Issue.record("joined a host that is gone")
        } catch let error as DuelConnectionError {
            #expect(
                error.description == "nothing is listening at 127.0.0.1:\(port); check the address and port, "
                    + "and that the host has started the duel")
        }
    }
}

@Suite struct DuelProtocolTests {
    @Test func passedRanksFirstThenScoreThenFewerReplies() {
        let results = [
            DuelResult(player: "a", score: 100, turns: 3),
            DuelResult(player: "b", score: 85, turns: 2, outcome: "resolved", passed: true),
            DuelResult(
                player: "c", score: 100, turns: 1, outcome: "resolved", passed: false, findings: ["look-it-up": 1]),
            DuelResult(player: "d", score: 85, turns: 1, outcome: "resolved", passed: true),
            DuelResult(player: "e"),
        ]
        #expect(Scoreboard.ranked(results).map(\.player) == ["d", "b", "c", "a", "e"])
        #expect(Scoreboard.winner(results)?.player == "d")
        #expect(Scoreboard.winner([DuelResult(player: "x"), DuelResult(player: "y")]) == nil, "nobody has replied yet")
        #expect(
            Scoreboard.winner([
                DuelResult(player: "x", score: 90, turns: 1), DuelResult(player: "y", score: 90, turns: 1),
            ]) == nil)
    }

    @Test func messagesRoundTripAndRejectGarbage() {
        let message = DuelMessage(type: .line, text: "Здравствуйте!")
        #expect(DuelMessage.decode(message.encoded()) == .success(message))
        #expect(
            DuelMessage.decode("[1,2]")
                == .failure(DuelProtocolError("that line is not a JSON object; send one JSON object per line")))
        #expect(
            DuelMessage.decode(#"{"v":2,"type":"dance"}"#).map(\.type)
                == .failure(
                    DuelProtocolError(
                        "that message has no known 'type' or a field of the wrong kind; a player sends join, then line")
                ))
    }

    @Test func theBiggestScoreboardFitsOnePlayerLine() {
        let name = String(repeating: "ю", count: DuelName.maximumBytes / 2)
        let findings = Dictionary(uniqueKeysWithValues: RuleCatalog.ids.map { ($0, 999) })
        let results = (0..<1_000).map { DuelResult(player: "\(name)\($0)", score: 100, turns: 500, findings: findings) }
        let line = DuelMessage(type: .scoreboard, results: results, final: true).encoded()
        #expect(line.utf8.count < DuelMessage.maximumHostLineLength, "\(line.utf8.count) bytes")
    }

    @Test func namesAreOrdinaryPrintableCharactersWithinTheByteLimit() {
        for good in ["anna", "Анна Петрова", "José", "o'brien-smith", "李小龙"] {
            #expect((try? DuelName.validate(good).get()) != nil, "\(good)")
        }
        for bad in [
            "", "   ", "an\u{200B}na", "an\u{202E}na", "a\u{0301}\u{0301}\u{0301}\u{0301}", "anna\u{1B}[2J",
            "two  spaces",
            String(repeating: "я", count: 25), "tab\there",
        ] {
            #expect((try? DuelName.validate(bad).get()) == nil, "\(bad.unicodeScalars.map(\.value))")
        }
        #expect(DuelName.key("Anna") == DuelName.key("anna"))
    }

    @Test func whatArrivesFromTheNetworkIsEscapedBeforeItIsShown() throws {
        #expect(Untrusted.line("\u{1B}]0;owned\u{07}\u{1B}[2J") == "\\u{001B}]0;owned\\u{0007}\\u{001B}[2J")
        #expect(Untrusted.line("an\u{200B}na") == "an\\u{200B}na")
        #expect(Untrusted.text("one\ntwo") == "one\ntwo" && Untrusted.line("one\ntwo") == "one\\u{000A}two")
        #expect(Untrusted.line("e" + String(repeating: "\u{0301}", count: 50)).unicodeScalars.count == 4)
        // an event from a host that tries to clear the screen and fake a finding
        let event = DuelEvent(
            kind: .findings, turn: 1, penalty: -50,
            findings: [
                DuelFinding(
                    rule: "look-it-up", evidence: ["\u{1B}[2Jhi"], arguments: ["quote": "\u{1B}[31mred", "fact": "x"]),
                DuelFinding(rule: "made-up-rule", evidence: [], arguments: [:]),
            ])
        guard
            case .findings(_, let findings, let penalty) = event.sessionEvent(
                caseFile: Fixture.caseFile,
                catalog: Fixture.grader.catalog)
        else {
            Issue.record("not a findings event")
            return
        }
        #expect(penalty == 0 && findings.count == 1, "unknown rules are dropped, penalties are never negative")
        #expect(findings[0].severity == .deadly, "the severity is the player's own catalogue's")
        #expect(!(findings[0].message + findings[0].evidence.joined()).contains("\u{1B}"))
        let customer = DuelEvent(kind: .customer, text: "\u{1B}[2J\u{1B}]2;title\u{07}Hello")
        guard
            case .customer(let name, let text) = customer.sessionEvent(
                caseFile: Fixture.caseFile,
                catalog: Fixture.grader.catalog)
        else { return }
        #expect(name == Fixture.caseFile.persona.name && !text.contains("\u{1B}") && !text.contains("\u{07}"))
    }
}
