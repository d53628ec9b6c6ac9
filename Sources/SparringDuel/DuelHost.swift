import Foundation
import NIOCore
import NIOPosix
import Sparring

/// The host of a networked duel: accepts players who know the join code, records the result each
/// reports after every graded reply, and keeps everyone's scoreboard live. Bad input gets an error line
/// or a clean disconnect; the host itself never stops for it.
public final class DuelHost: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var caseId: String
        public var language: Language
        public var seed: UInt64
        public var code: String
        public var bind: String
        public var port: Int
        /// How long a connection may stay silent before joining.
        public var joinTimeout: TimeAmount
        /// Scoreboards go out at most this often, however many turns arrive.
        public var broadcastInterval: TimeAmount

        public init(caseId: String, language: Language, seed: UInt64, code: String, bind: String = "127.0.0.1", port: Int = 0,
                    joinTimeout: TimeAmount = .seconds(10), broadcastInterval: TimeAmount = .milliseconds(200)) {
            self.caseId = caseId
            self.language = language
            self.seed = seed
            self.code = code
            self.bind = bind
            self.port = port
            self.joinTimeout = joinTimeout
            self.broadcastInterval = broadcastInterval
        }
    }

    struct Player {
        var result: DuelResult
        var channel: NIOCore.Channel?
    }

    public let configuration: Configuration
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let lock = NSLock()
    private var players: [String: Player] = [:]
    private var order: [String] = []
    private var serverChannel: NIOCore.Channel?
    private var broadcastPending = false
    private let updates: (@Sendable ([DuelResult]) -> Void)?

    /// `updates` is called (on the host's thread) with the results whenever they change.
    public init(configuration: Configuration, updates: (@Sendable ([DuelResult]) -> Void)? = nil) {
        self.configuration = configuration
        self.updates = updates
    }

    /// A join code: six letters and digits that are hard to confuse.
    public static func makeCode() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<6).map { _ in alphabet.randomElement()! })
    }

    /// Starts listening; returns the bound port.
    @discardableResult
    public func start() throws -> Int {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.so_keepalive), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: configuration.joinTimeout))
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder(maximumLength: DuelMessage.maximumLineLength)))
                    try channel.pipeline.syncOperations.addHandler(PlayerConnection(host: self))
                }
            }
        let channel = try bootstrap.bind(host: configuration.bind, port: configuration.port).wait()
        serverChannel = channel
        return channel.localAddress?.port ?? configuration.port
    }

    /// Sends everyone the final scoreboard and closes every connection.
    public func finish() {
        let results = self.results()
        let channels = lock.withLock { players.values.compactMap(\.channel) }
        for channel in channels {
            _ = channel.send(DuelMessage(type: .scoreboard, results: results, final: true)).flatMap { channel.close() }
        }
        try? serverChannel?.close().wait()
        try? group.syncShutdownGracefully()
    }

    /// Every player's result, in the order they first joined.
    public func results() -> [DuelResult] {
        lock.withLock { order.compactMap { players[$0]?.result } }
    }

    public var connectedPlayers: Int { lock.withLock { players.values.filter { $0.channel != nil }.count } }

    // MARK: called by connections, on the event loop

    enum JoinOutcome { case welcome(DuelMessage), refused(String) }

    func join(_ message: DuelMessage, channel: NIOCore.Channel) -> JoinOutcome {
        guard message.code == configuration.code else { return .refused("wrong join code; ask the host for the code") }
        let name = (message.name ?? "").trimmed
        guard !name.isEmpty, name.count <= DuelMessage.maximumNameLength,
              !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return .refused("a name is 1 to \(DuelMessage.maximumNameLength) printable characters")
        }
        let outcome: JoinOutcome = lock.withLock {
            if let existing = players[name] {
                guard existing.channel == nil else { return .refused("the name '\(name)' is already playing; pick another") }
                players[name]?.channel = channel
                return .welcome(welcome(result: existing.result))
            }
            players[name] = Player(result: DuelResult(player: name), channel: channel)
            order.append(name)
            return .welcome(welcome(result: nil))
        }
        scheduleBroadcast(on: channel.eventLoop)
        return outcome
    }

    private func welcome(result: DuelResult?) -> DuelMessage {
        DuelMessage(type: .welcome, caseId: configuration.caseId, lang: configuration.language.rawValue, seed: configuration.seed, result: result)
    }

    func record(_ reported: DuelResult, from name: String, on loop: EventLoop) -> Result<Int, DuelProtocolError> {
        guard (0...100).contains(reported.score), reported.turns >= 0, reported.turns <= 1_000,
              reported.findings.count <= RuleCatalog.ids.count,
              reported.findings.allSatisfy({ RuleCatalog.ids.contains($0.key) && (0...1_000).contains($0.value) }),
              reported.outcome.map({ Outcome(rawValue: $0) != nil }) ?? true else {
            return .failure(DuelProtocolError("that result is out of range: score 0-100, known rule ids, known outcomes"))
        }
        var result = reported
        result.player = name
        lock.withLock { players[name]?.result = result }
        scheduleBroadcast(on: loop)
        return .success(result.turns)
    }

    func left(_ name: String, channel: NIOCore.Channel) {
        lock.withLock {
            if players[name]?.channel === channel { players[name]?.channel = nil }
        }
    }

    /// Coalesces scoreboard broadcasts: one per interval however many turns arrive.
    private func scheduleBroadcast(on loop: EventLoop) {
        let already = lock.withLock {
            defer { broadcastPending = true }
            return broadcastPending
        }
        guard !already else { return }
        loop.scheduleTask(in: configuration.broadcastInterval) { [self] in
            let (results, channels): ([DuelResult], [NIOCore.Channel]) = lock.withLock {
                broadcastPending = false
                return (order.compactMap { players[$0]?.result }, players.values.compactMap(\.channel))
            }
            updates?(results)
            // encoded once, written to everyone
            let line = DuelMessage(type: .scoreboard, results: results, final: false).encoded() + "\n"
            for channel in channels {
                var buffer = channel.allocator.buffer(capacity: line.utf8.count)
                buffer.writeString(line)
                channel.writeAndFlush(buffer, promise: nil)
            }
        }
    }
}

/// One player's connection: join first, then turns.
final class PlayerConnection: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = String

    let host: DuelHost
    var name: String?

    init(host: DuelHost) { self.host = host }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        let channel = context.channel
        switch DuelMessage.decode(line) {
        case .failure(let error):
            _ = channel.send(.error(error.description))
            // before joining, a stranger speaking garbage is shown the door
            if name == nil { _ = channel.close() }
        case .success(let message):
            if let name {
                guard message.type == .turn, let result = message.result else {
                    _ = channel.send(.error("after joining, send 'turn' messages with a 'result'"))
                    return
                }
                switch host.record(result, from: name, on: context.eventLoop) {
                case .success(let turns): _ = channel.send(DuelMessage(type: .ack, turn: turns))
                case .failure(let error): _ = channel.send(.error(error.description))
                }
            } else {
                guard message.type == .join else {
                    _ = channel.send(.error("join first: {\"v\":1,\"type\":\"join\",\"code\":...,\"name\":...}")).flatMap { channel.close() }
                    return
                }
                switch host.join(message, channel: channel) {
                case .welcome(let welcome):
                    name = (message.name ?? "").trimmed
                    _ = channel.send(welcome)
                case .refused(let reason):
                    _ = channel.send(.error(reason)).flatMap { channel.close() }
                }
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // silence is fine once joined (players think); a connection that never joins is closed
        if event is IdleStateHandler.IdleStateEvent, name == nil {
            let channel = context.channel
            _ = channel.send(.error("no join message in time; connection closed")).flatMap { channel.close() }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let name { host.left(name, channel: context.channel) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if error is LineDecoder.LineTooLong {
            let channel = context.channel
            _ = channel.send(.error("a line longer than \(DuelMessage.maximumLineLength) bytes; connection closed"))
                .flatMap { channel.close() }
        } else {
            _ = context.channel.close()
        }
    }
}
