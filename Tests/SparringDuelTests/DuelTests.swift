import Foundation
import NIOCore
import NIOPosix
import Sparring
import Testing
@testable import SparringDuel

/// Collects what the host sends a client, for assertions.
final class Received: @unchecked Sendable {
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
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let channel: NIOCore.Channel
    let received = Received()

    final class Collector: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = String
        let received: Received
        let closed: NSLock = NSLock()
        var isClosed = false
        init(received: Received) { self.received = received }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if case .success(let message) = DuelMessage.decode(unwrapInboundIn(data)) { received.add(message) }
        }
        func channelInactive(context: ChannelHandlerContext) { closed.withLock { isClosed = true } }
    }

    let collector: Collector

    init(port: Int) throws {
        let collector = Collector(received: received)
        self.collector = collector
        channel = try ClientBootstrap(group: group).channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder(maximumLength: 1 << 20)))
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

@Suite(.serialized) struct NetworkedDuelTests {
    func host(code: String = "TEST42", joinTimeout: TimeAmount = .seconds(10)) throws -> (DuelHost, Int) {
        let host = DuelHost(configuration: DuelHost.Configuration(caseId: "clinic-confirmation-call", language: .ru, seed: 9, code: code,
                                                                  port: 0, joinTimeout: joinTimeout, broadcastInterval: .milliseconds(20)))
        return (host, try host.start())
    }

    @Test func threePlayersOnLoopbackShareOneScoreboard() throws {
        let (host, port) = try host()
        defer { host.finish() }
        var clients: [(DuelClient, Received)] = []
        for name in ["anna", "boris", "vera"] {
            let client = try DuelClient(host: "127.0.0.1", port: port, code: "TEST42", name: name)
            #expect(client.welcome.caseId == "clinic-confirmation-call")
            #expect(client.welcome.seed == 9)
            let received = Received()
            client.onMessage { received.add($0) }
            clients.append((client, received))
        }
        try clients[0].0.report(DuelResult(player: "anna", score: 70, turns: 1, findings: ["look-it-up": 1]))
        try clients[1].0.report(DuelResult(player: "boris", score: 100, turns: 1, outcome: "resolved"))
        try clients[2].0.report(DuelResult(player: "someone-else", score: 85, turns: 2, outcome: "resolved", findings: ["no-greeting": 1]))
        let board = clients[0].1.wait { message in
            message.type == .scoreboard && (message.results?.allSatisfy { $0.turns > 0 } ?? false)
        }
        let results = try #require(board?.results)
        #expect(results.map(\.player) == ["anna", "boris", "vera"])
        #expect(results[2].score == 85, "a player reports under their own name only")
        #expect(Scoreboard.winner(results)?.player == "boris")
        #expect(clients[1].1.wait { $0.type == .ack } != nil)
        for (client, _) in clients { client.close() }
    }

    @Test func wrongCodeIsRefusedAndTheHostLivesOn() throws {
        let (host, port) = try host()
        defer { host.finish() }
        #expect(throws: DuelProtocolError("wrong join code; ask the host for the code")) {
            try DuelClient(host: "127.0.0.1", port: port, code: "WRONG1", name: "mallory")
        }
        let client = try DuelClient(host: "127.0.0.1", port: port, code: "TEST42", name: "anna")
        client.close()
    }

    @Test func garbageBeforeJoiningGetsAnErrorAndADisconnect() throws {
        let (host, port) = try host()
        defer { host.finish() }
        let raw = try RawConnection(port: port)
        try raw.send("hello there\n")
        #expect(raw.received.wait { $0.type == .error }?.message == "that line is not a JSON object; send one JSON object per line")
        #expect(raw.isClosed)
        #expect(try DuelClient(host: "127.0.0.1", port: port, code: "TEST42", name: "anna").welcome.type == .welcome)
    }

    @Test func garbageAfterJoiningGetsAnErrorAndTheConnectionStays() throws {
        let (host, port) = try host()
        defer { host.finish() }
        let raw = try RawConnection(port: port)
        try raw.send(#"{"v":1,"type":"join","code":"TEST42","name":"anna"}"# + "\n")
        #expect(raw.received.wait { $0.type == .welcome } != nil)
        try raw.send("{not json\n")
        #expect(raw.received.wait { $0.type == .error } != nil)
        try raw.send(#"{"v":1,"type":"turn","result":{"player":"anna","score":500,"turns":1,"findings":{}}}"# + "\n")
        #expect(raw.received.wait { $0.message?.contains("out of range") == true } != nil)
        try raw.send(#"{"v":1,"type":"turn","result":{"player":"anna","score":90,"turns":1,"findings":{}}}"# + "\n")
        #expect(raw.received.wait { $0.type == .ack && $0.turn == 1 } != nil)
        #expect(host.results().first?.score == 90)
    }

    @Test func oversizeLinesAndLongNamesAreRefused() throws {
        let (host, port) = try host()
        defer { host.finish() }
        let raw = try RawConnection(port: port)
        try raw.send(String(repeating: "x", count: DuelMessage.maximumLineLength + 10))
        #expect(raw.received.wait { $0.type == .error }?.message?.contains("longer than") == true)
        #expect(raw.isClosed)
        #expect(throws: DuelProtocolError.self) {
            try DuelClient(host: "127.0.0.1", port: port, code: "TEST42", name: String(repeating: "n", count: 40))
        }
    }

    @Test func unsupportedVersionIsRefused() throws {
        let (host, port) = try host()
        defer { host.finish() }
        let raw = try RawConnection(port: port)
        try raw.send(#"{"v":9,"type":"join","code":"TEST42","name":"anna"}"# + "\n")
        #expect(raw.received.wait { $0.type == .error }?.message?.contains("version 9") == true)
    }

    @Test func silentConnectionsAreClosedAndDroppedPlayersRejoin() throws {
        let (host, port) = try host(joinTimeout: .milliseconds(300))
        defer { host.finish() }
        let silent = try RawConnection(port: port)
        #expect(silent.isClosed)
        let anna = try DuelClient(host: "127.0.0.1", port: port, code: "TEST42", name: "anna")
        try anna.report(DuelResult(player: "anna", score: 85, turns: 2))
        #expect(throws: DuelProtocolError("the name 'anna' is already playing; pick another")) {
            try DuelClient(host: "127.0.0.1", port: port, code: "TEST42", name: "anna")
        }
        anna.close()
        Thread.sleep(forTimeInterval: 0.3)
        let again = try DuelClient(host: "127.0.0.1", port: port, code: "TEST42", name: "anna")
        #expect(again.welcome.result?.score == 85)
        #expect(host.results().count == 1)
        again.close()
    }
}

@Suite struct ScoreboardTests {
    @Test func resolvedThenScoreThenFewerTurns() {
        let results = [
            DuelResult(player: "a", score: 100, turns: 3),
            DuelResult(player: "b", score: 70, turns: 2, outcome: "resolved"),
            DuelResult(player: "c", score: 70, turns: 1, outcome: "resolved"),
        ]
        #expect(Scoreboard.ranked(results).map(\.player) == ["c", "b", "a"])
        #expect(Scoreboard.winner(results)?.player == "c")
        #expect(Scoreboard.winner([DuelResult(player: "x", score: 90, turns: 1), DuelResult(player: "y", score: 90, turns: 1)]) == nil)
    }

    @Test func messagesRoundTripAndRejectGarbage() {
        let message = DuelMessage(type: .turn, result: DuelResult(player: "анна", score: 85, turns: 2, findings: ["no-greeting": 1]))
        #expect(DuelMessage.decode(message.encoded()) == .success(message))
        #expect(DuelMessage.decode("[1,2]") == .failure(DuelProtocolError("that line is not a JSON object; send one JSON object per line")))
        #expect(DuelMessage.decode(#"{"v":1,"type":"dance"}"#) == .failure(DuelProtocolError("that message has no known 'type'; use join or turn")))
    }
}
