import Foundation
import NIOCore
import NIOPosix
import Sparring

/// The host of a networked duel: accepts players who know the join code, runs one `Session` per
/// player with the duel's case and seed, grades every line they send and sends back what to show,
/// and keeps everyone's scoreboard live. Bad input gets an error line or a clean disconnect; the host
/// itself never stops for it, and no client can make it queue without limit.
///
/// `@unchecked Sendable`: the mutable state (players, addresses, flags) is touched only under `lock`;
/// each player's session only under that player's own lock.
public final class DuelHost: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var caseFile: Case
        public var grader: Grader
        public var seed: UInt64
        /// Compared without case; at least `minimumCodeLength` characters.
        public var code: String
        /// Names the duel in the host's store and on every player's screen.
        public var duelId: String
        public var bind: String
        public var port: Int
        /// How long a connection has, from connecting, to complete its join.
        public var joinDeadline: TimeAmount
        /// Scoreboards go out at most this often, however many turns arrive.
        public var broadcastInterval: TimeAmount
        public var maximumPlayers: Int
        /// Lines a player may send in one duel: what the host keeps per player stays bounded.
        public var maximumLines: Int
        /// Bytes queued for one client before it is dropped as not reading.
        public var outboundLimit: Int
        /// Connections from one address that may be waiting to join at once.
        public var pendingPerAddress: Int
        /// Wrong codes one address may send before each further attempt waits longer.
        public var freeWrongCodes: Int
        /// `/restart` wipes a score: refused in a duel unless a benchmark wants endless graded turns.
        public var allowsRestart: Bool

        public init(
            caseFile: Case, grader: Grader, seed: UInt64, code: String, duelId: String = DuelHost.makeDuelId(),
            bind: String = "127.0.0.1", port: Int = 0, joinDeadline: TimeAmount = .seconds(10),
            broadcastInterval: TimeAmount = .milliseconds(200), maximumPlayers: Int = 256, maximumLines: Int = 500,
            outboundLimit: Int = 1 << 20, pendingPerAddress: Int = 8, freeWrongCodes: Int = 3,
            allowsRestart: Bool = false
        ) {
            self.caseFile = caseFile
            self.grader = grader
            self.seed = seed
            self.code = code
            self.duelId = duelId
            self.bind = bind
            self.port = port
            self.joinDeadline = joinDeadline
            self.broadcastInterval = broadcastInterval
            self.maximumPlayers = maximumPlayers
            self.maximumLines = maximumLines
            self.outboundLimit = outboundLimit
            self.pendingPerAddress = pendingPerAddress
            self.freeWrongCodes = freeWrongCodes
            self.allowsRestart = allowsRestart
        }
    }

    /// What the host's screen and store hear about, called on the network threads.
    public enum Notice: Sendable, Equatable {
        case joined(String)
        case rejoined(String)
        /// The connection went away before the player finished.
        case dropped(String)
        /// Dropped by the host: it was not reading what the host sent.
        case slowReader(String)
        case finished(String, Outcome)
    }

    /// One graded line of one player, for the host's store: the new turn records and where the session stands.
    public struct Played: Sendable {
        public let player: String
        public let records: [TurnRecord]
        public let session: Session
    }

    public static let minimumCodeLength = 6

    final class Player {
        let name: String
        let token: String
        let session: Session
        /// Guards `session`, `lines`, `transcript`.
        let turnLock = NSLock()
        var lines = 0
        /// What a rejoining player is shown again: the customer's lines and the findings, the last ones only.
        var transcript: [DuelEvent] = []
        // guarded by the host's lock
        var channel: NIOCore.Channel?
        var result: DuelResult

        init(name: String, token: String, session: Session) {
            self.name = name
            self.token = token
            self.session = session
            result = DuelResult(player: name)
        }
    }

    struct Address {
        var wrongCodes = 0
        var lockedUntil: NIODeadline = .distantPast
        var pending = 0
    }

    public let configuration: Configuration
    private let group: MultiThreadedEventLoopGroup
    private let lock = NSLock()
    private var players: [String: Player] = [:]
    private var order: [String] = []
    private var addresses: [String: Address] = [:]
    private var serverChannel: NIOCore.Channel?
    private var broadcastPending = false
    private var ended = false

    /// Called with the results whenever they change (at most once per broadcast interval).
    public var onUpdate: (@Sendable ([DuelResult]) -> Void)?
    public var onNotice: (@Sendable (Notice) -> Void)?
    /// Called after every line a player's session handled, in the order played, under that player's lock.
    public var onPlayed: (@Sendable (Played) -> Void)?

    public init(configuration: Configuration, threads: Int = min(2, System.coreCount)) {
        self.configuration = configuration
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
    }

    /// A join code: six letters and digits that are hard to confuse.
    public static func makeCode() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<6).map { _ in alphabet.randomElement()! })
    }

    /// A duel's id: when it started and a random tail, so two duels never share one.
    public static func makeDuelId(now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmm"
        return "duel-\(formatter.string(from: now))-\(makeCode().lowercased())"
    }

    static func makeToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%08x", UInt32.random(in: .min ... .max, using: &generator)) }.joined()
    }

    /// Why the host cannot listen, as a sentence naming the fix.
    public static func explainListen(_ error: Error, bind: String, port: Int) -> String {
        let code = (error as? IOError)?.errnoCode
        let why =
            code == EADDRINUSE
            ? "another program holds that port; pick another --port (0 takes any free one)"
            : code == EADDRNOTAVAIL
                ? "that address is not one of this machine's; use --bind 127.0.0.1 or 0.0.0.0"
                : code == EACCES
                    ? "ports below 1024 need special rights; pick a --port above 1024"
                    : "check --bind and --port"
        return "cannot listen on \(bind):\(port): \(why)"
    }

    /// Starts listening; returns the bound port.
    @discardableResult
    public func start() throws -> Int {
        let limit = configuration.outboundLimit
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.so_keepalive), value: 1)
            .childChannelOption(ChannelOptions.writeBufferWaterMark, value: .init(low: limit / 2, high: limit))
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(LineDecoder(maximumLength: DuelMessage.maximumLineLength)))
                    try channel.pipeline.syncOperations.addHandler(PlayerConnection(host: self))
                }
            }
        let channel = try bootstrap.bind(host: configuration.bind, port: configuration.port).wait()
        serverChannel = channel
        return channel.localAddress?.port ?? configuration.port
    }

    /// Ends the duel: every connected player gets the final scoreboard with their own debrief and the
    /// reason, then the connections close. Waits (a few seconds at most) for those to be sent.
    public func finish(reason: String = "host-ended") {
        let (results, connected): ([DuelResult], [(Player, NIOCore.Channel)]) = lock.withLock {
            ended = true
            return (
                order.compactMap { players[$0]?.result },
                order.compactMap { key in players[key].flatMap { player in player.channel.map { (player, $0) } } }
            )
        }
        var sent: [EventLoopFuture<Void>] = []
        for (player, channel) in connected {
            let debrief = player.turnLock.withLock { DuelDebrief(player.session.debrief()) }
            let message = DuelMessage(
                type: .scoreboard, results: results, final: true, reason: reason, debrief: debrief)
            // closed whether or not the last write went through
            sent.append(channel.send(message).recover { _ in }.flatMap { channel.close() }.recover { _ in })
        }
        if let loop = sent.first?.eventLoop {
            let settled = loop.makePromise(of: Void.self)
            EventLoopFuture.andAllComplete(sent, on: loop).cascade(to: settled)
            // a client that stops reading does not hold the host open
            loop.scheduleTask(in: .seconds(3)) { settled.succeed(()) }
            _ = try? settled.futureResult.wait()
        }
        try? serverChannel?.close().wait()
        try? group.syncShutdownGracefully()
    }

    /// Every player's result, in the order they first joined.
    public func results() -> [DuelResult] {
        lock.withLock { order.compactMap { players[$0]?.result } }
    }

    /// Someone joined and every player's case has ended.
    public var everyoneFinished: Bool {
        lock.withLock { !order.isEmpty && order.allSatisfy { players[$0]?.result.outcome != nil } }
    }

    public var connectedPlayers: Int { lock.withLock { players.values.filter { $0.channel != nil }.count } }

    /// One player's conversation so far, for the host's screen.
    public func turns(of name: String) -> [TurnRecord]? {
        guard let player = lock.withLock({ players[DuelName.key(name)] }) else { return nil }
        return player.turnLock.withLock { player.session.turns }
    }

    // MARK: called by connections, on their event loops

    /// A connection arrived: false when its address already has too many waiting to join.
    func arrived(from address: String) -> Bool {
        lock.withLock {
            guard addresses[address, default: Address()].pending < configuration.pendingPerAddress else { return false }
            addresses[address, default: Address()].pending += 1
            return true
        }
    }

    /// A connection from `address` stopped waiting to join (it joined, or went away).
    func stoppedWaiting(from address: String) {
        lock.withLock { addresses[address]?.pending -= 1 }
    }

    enum JoinOutcome { case welcome(Player, DuelMessage, rejoined: Bool), refused(String) }

    func join(_ message: DuelMessage, channel: NIOCore.Channel, address: String) -> JoinOutcome {
        let now = NIODeadline.now()
        let codeOutcome: String? = lock.withLock {
            if ended { return "this duel has ended; ask the host for the next one" }
            var state = addresses[address, default: Address()]
            defer { addresses[address] = state }
            if state.lockedUntil > now {
                let seconds = Int(((state.lockedUntil - now).nanoseconds + 999_999_999) / 1_000_000_000)
                return
                    "too many wrong join codes from your address; wait \(seconds) s, then try the code the host printed"
            }
            guard (message.code ?? "").uppercased() == configuration.code.uppercased() else {
                state.wrongCodes += 1
                let over = state.wrongCodes - configuration.freeWrongCodes - 1
                if over >= 0 { state.lockedUntil = now + .seconds(Int64(1) << min(over, 6)) }
                return "wrong join code; ask the host for the code"
            }
            state.wrongCodes = 0
            return nil
        }
        if let codeOutcome { return .refused(codeOutcome) }
        let name: String
        switch DuelName.validate(message.name ?? "") {
        case .success(let valid): name = valid
        case .failure(let error): return .refused(error.description)
        }
        let key = DuelName.key(name)
        let outcome: JoinOutcome = lock.withLock {
            if let existing = players[key] {
                guard let token = message.token, token.utf8.elementsEqual(existing.token.utf8) else {
                    return .refused(
                        "the name '\(existing.name)' is taken in this duel; to rejoin as that player use the "
                            + "--token your first join printed, or pick another name")
                }
                // the same player on a new connection: the old one, if still open, is a ghost
                if let old = existing.channel, old !== channel { old.close(promise: nil) }
                existing.channel = channel
                existing.result.connected = true
                return .welcome(existing, welcome(existing, rejoined: true), rejoined: true)
            }
            guard players.count < configuration.maximumPlayers else {
                return .refused("this duel is full (\(configuration.maximumPlayers) players)")
            }
            let session = Session(
                caseFile: configuration.caseFile, grader: configuration.grader, seed: configuration.seed,
                hintsAllowed: true)
            let player = Player(name: name, token: Self.makeToken(), session: session)
            player.transcript = session.start().map(DuelEvent.init)
            player.channel = channel
            players[key] = player
            order.append(key)
            return .welcome(player, welcome(player, rejoined: false), rejoined: false)
        }
        if case .welcome(let player, _, let rejoined) = outcome {
            onNotice?(rejoined ? .rejoined(player.name) : .joined(player.name))
            scheduleBroadcast(on: channel.eventLoop)
        }
        return outcome
    }

    /// Under `lock`.
    private func welcome(_ player: Player, rejoined: Bool) -> DuelMessage {
        let transcript = rejoined ? player.turnLock.withLock { player.transcript } : player.transcript
        return DuelMessage(
            type: .welcome, name: player.name, token: player.token, duel: configuration.duelId,
            caseId: configuration.caseFile.id, lang: configuration.caseFile.language.rawValue,
            seed: configuration.seed, events: transcript, result: player.result)
    }

    /// Grades one line of `player`'s and says what to show.
    func play(_ text: String, player: Player, on loop: EventLoop) -> DuelMessage {
        if lock.withLock({ ended }) { return .error("this duel has ended") }
        var line = text.trimmed
        if line.lowercased().hasPrefix("/restart"), !configuration.allowsRestart {
            // a restart would wipe a score the others are compared with; the history shows where you stand
            line = "/history"
        }
        let graded: (events: [DuelEvent], result: DuelResult, debrief: DuelDebrief?)? = player.turnLock.withLock {
            guard player.lines < configuration.maximumLines else { return nil }
            player.lines += 1
            let session = player.session
            let before = session.turns.count
            let raw = session.handle(line)
            let restarted = raw.contains(.restarted)
            let events = raw.map(DuelEvent.init)
            if restarted { player.transcript = [] }
            player.transcript += events.filter { [.customer, .findings, .owed].contains($0.kind) }
            if player.transcript.count > 200 { player.transcript.removeFirst(player.transcript.count - 200) }
            let records = restarted ? [] : Array(session.turns.dropFirst(before))
            onPlayed?(Played(player: player.name, records: records, session: session))
            return (
                events, DuelResult(player: player.name, session: session),
                session.isOver ? DuelDebrief(session.debrief()) : nil
            )
        }
        guard let (events, result, debrief) = graded else {
            return .error("this duel takes at most \(configuration.maximumLines) lines from each player")
        }
        let (rank, count, finished): (Int, Int, Bool) = lock.withLock {
            let wasOver = player.result.outcome != nil
            var stored = result
            stored.connected = player.channel != nil
            player.result = stored
            let ranked = Scoreboard.ranked(order.compactMap { players[$0]?.result })
            let rank = (ranked.firstIndex { DuelName.key($0.player) == DuelName.key(player.name) } ?? 0) + 1
            return (rank, ranked.count, !wasOver && result.outcome != nil)
        }
        if finished, let outcome = result.outcome.flatMap(Outcome.init(rawValue:)) {
            onNotice?(.finished(player.name, outcome))
        }
        scheduleBroadcast(on: loop)
        return DuelMessage(type: .reply, events: events, result: result, rank: rank, players: count, debrief: debrief)
    }

    func left(_ player: Player, channel: NIOCore.Channel, slow: Bool) {
        let dropped: Bool = lock.withLock {
            // the host closing everyone at the end drops nobody
            guard player.channel === channel, !ended else { return false }
            player.channel = nil
            player.result.connected = false
            return true
        }
        guard dropped else { return }
        if slow {
            onNotice?(.slowReader(player.name))
        } else if player.result.outcome == nil {
            onNotice?(.dropped(player.name))
        }
        scheduleBroadcast(on: channel.eventLoop)
    }

    /// Coalesces scoreboard broadcasts: one per interval however many turns arrive.
    private func scheduleBroadcast(on loop: EventLoop) {
        let already = lock.withLock {
            defer { broadcastPending = true }
            return broadcastPending || ended
        }
        guard !already else { return }
        // a board goes to every player and lists every player: with many, it goes out less often
        let interval = max(configuration.broadcastInterval, .milliseconds(Int64(lock.withLock { order.count }) * 5))
        loop.scheduleTask(in: interval) { [self] in
            let (results, channels): ([DuelResult], [NIOCore.Channel]) = lock.withLock {
                broadcastPending = false
                return (order.compactMap { players[$0]?.result }, ended ? [] : players.values.compactMap(\.channel))
            }
            onUpdate?(results)
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

/// One player's connection: join first (before the deadline), then lines.
final class PlayerConnection: ChannelInboundHandler, @unchecked Sendable {
    // `@unchecked Sendable`: NIO calls a handler only on its channel's event loop
    typealias InboundIn = String

    let host: DuelHost
    var player: DuelHost.Player?
    var address = "?"
    var waiting = false
    var deadline: Scheduled<Void>?
    var slow = false

    init(host: DuelHost) { self.host = host }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        address = channel.remoteAddress?.ipAddress ?? "?"
        guard host.arrived(from: address) else {
            channel.sendAndClose(
                .error("too many connections from your address are waiting to join; join with the ones open"))
            return
        }
        waiting = true
        // a deadline from connecting, not a silence timer: a byte every few seconds does not keep a stranger here
        deadline = context.eventLoop.scheduleTask(in: host.configuration.joinDeadline) { [self] in
            guard player == nil else { return }
            channel.sendAndClose(.error("no join in time; connection closed"))
        }
        context.fireChannelActive()
    }

    private func stopWaiting() {
        guard waiting else { return }
        waiting = false
        deadline?.cancel()
        host.stoppedWaiting(from: address)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        let channel = context.channel
        guard channel.isActive, !slow else { return }
        switch DuelMessage.decode(line) {
        case .failure(let error):
            _ = channel.send(.error(error.description))
            // before joining, a stranger speaking garbage is shown the door
            if player == nil { _ = channel.close() }
        case .success(let message):
            if let player {
                guard message.type == .line, let text = message.text else {
                    _ = channel.send(
                        .error(
                            "the host grades every reply itself; send what the trainee typed as "
                                + #"{"v":2,"type":"line","text":"..."}"#))
                    return
                }
                _ = channel.send(host.play(text, player: player, on: context.eventLoop))
            } else {
                guard message.type == .join else {
                    channel.sendAndClose(.error(#"join first: {"v":2,"type":"join","code":"...","name":"..."}"#))
                    return
                }
                switch host.join(message, channel: channel, address: address) {
                case .welcome(let joined, let welcome, _):
                    player = joined
                    stopWaiting()
                    _ = channel.send(welcome)
                case .refused(let reason):
                    channel.sendAndClose(.error(reason))
                }
            }
        }
    }

    /// More than the limit is queued for this client: it does not read, and is dropped before it costs memory.
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if !context.channel.isWritable, !slow {
            slow = true
            context.close(promise: nil)
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopWaiting()
        if let player { host.left(player, channel: context.channel, slow: slow) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if error is LineDecoder.LineTooLong {
            let channel = context.channel
            channel.sendAndClose(.error("a line longer than \(DuelMessage.maximumLineLength) bytes; connection closed"))
        } else {
            _ = context.channel.close()
        }
    }
}
