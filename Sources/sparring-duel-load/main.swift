// Load benchmark for networked duels (`make bench`): one host on loopback, N players joining one duel,
// each sending T real replies (the case's own example replies, in turn) and waiting for the host's
// graded reply before the next; a player whose case ends restarts it (allowed here only) so every turn
// is graded. With a think time, each player pauses between replies as a person would; without, every
// player sends at once and the host is saturated. Prints turns/s and the latency per graded turn (line
// sent → reply received), p50 and p99. Measures; asserts nothing.
// Usage: sparring-duel-load [PLAYERS] [TURNS] [THINK-MS] [CASE.yaml]
import Foundation
import NIOCore
import NIOPosix
import Sparring
import SparringDuel

/// What every player of the run shares; read on the players' event loops, so a value, not globals.
struct Settings: Sendable {
    let players: Int
    let turnsEach: Int
    /// How long a player thinks between replies, in milliseconds (each pause 0.5-1.5 times this); 0 sends at once.
    let think: Int
    let replies: [String]
}

/// One player: joins, then sends a reply, waits for the host's answer, and sends the next.
/// `@unchecked Sendable`: NIO calls it only on its channel's event loop.
final class Player: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = String
    let name: String
    let index: Int
    let settings: Settings
    let done: EventLoopPromise<[Double]>
    var sentAt = DispatchTime.now()
    var turn = 0
    var restarting = false
    var latencies: [Double] = []

    init(name: String, index: Int, settings: Settings, done: EventLoopPromise<[Double]>) {
        self.name = name
        self.index = index
        self.settings = settings
        self.done = done
    }

    func channelActive(context: ChannelHandlerContext) {
        write(context, DuelMessage(type: .join, code: "BENCH1", name: name))
    }

    func write(_ context: ChannelHandlerContext, _ message: DuelMessage) {
        var out = context.channel.allocator.buffer(capacity: 512)
        out.writeString(message.encoded() + "\n")
        context.writeAndFlush(NIOAny(out), promise: nil)
    }

    func sendTurn(_ context: ChannelHandlerContext) {
        turn += 1
        sentAt = .now()
        write(context, DuelMessage(type: .line, text: settings.replies[(index + turn) % settings.replies.count]))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        // scoreboards (keys sorted: they open with "final") are large and not what is measured
        if line.hasPrefix(#"{"final":"#) { return }
        guard case .success(let message) = DuelMessage.decode(line) else { return }
        switch message.type {
        case .welcome:
            // people do not all press Enter in the same millisecond: first replies spread over one think time
            if settings.think > 0 {
                context.eventLoop.scheduleTask(in: .milliseconds(Int64.random(in: 0...Int64(settings.think)))) {
                    self.sendTurn(context)
                }
            } else {
                sendTurn(context)
            }
        case .reply:
            if restarting {
                restarting = false
                sendTurn(context)
                return
            }
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - sentAt.uptimeNanoseconds) / 1_000_000)
            if turn >= settings.turnsEach {
                done.succeed(latencies)
                context.close(promise: nil)
            } else if message.result?.outcome != nil {
                restarting = true
                write(context, DuelMessage(type: .line, text: "/restart"))
            } else if settings.think > 0 {
                let pause = TimeAmount.milliseconds(Int64(Double(settings.think) * Double.random(in: 0.5...1.5)))
                context.eventLoop.scheduleTask(in: pause) { self.sendTurn(context) }
            } else {
                sendTurn(context)
            }
        case .error: done.fail(DuelProtocolError(message.message ?? "error"))
        default: break
        }
    }
}

/// The run, in a function: with these values as top-level globals of main.swift, read by the players on the
/// event loop's threads, the optimised build crashed at the host's bind.
func run() throws {
    let arguments = CommandLine.arguments
    let players = arguments.count > 1 ? Int(arguments[1]) ?? 200 : 200
    let turnsEach = arguments.count > 2 ? Int(arguments[2]) ?? 10 : 10
    let think = arguments.count > 3 ? Int(arguments[3]) ?? 0 : 0
    let casePath = arguments.count > 4 ? arguments[4] : "Cases/ru/clinic-confirmation-call.yaml"

    let grader = try Grader.load()
    guard let text = try? String(contentsOfFile: casePath, encoding: .utf8),
        case let (loaded?, _) = CaseLoader(analyzer: grader.analyzer).load(text: text, path: casePath),
        !loaded.examples.isEmpty
    else {
        FileHandle.standardError.write(
            Data("cannot load a case with examples from \(casePath); run from the repository\n".utf8))
        exit(2)
    }
    let caseFile = loaded
    let replies = caseFile.examples.map { $0.reply.trimmed }
    let settings = Settings(players: players, turnsEach: turnsEach, think: think, replies: replies)

    // the same replies through one session, without the network: what grading alone costs a turn
    let alone: Double = {
        var session = Session(caseFile: caseFile, grader: grader, seed: 1)
        for reply in replies { _ = session.handle(reply) }
        session = Session(caseFile: caseFile, grader: grader, seed: 1)
        let count = 200
        let started = DispatchTime.now()
        for turn in 0..<count {
            if session.isOver { session = Session(caseFile: caseFile, grader: grader, seed: 1) }
            _ = session.handle(replies[turn % replies.count])
        }
        return Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000 / Double(count)
    }()

    let host = DuelHost(
        configuration: DuelHost.Configuration(
            caseFile: caseFile, grader: grader, seed: 1, code: "BENCH1",
            maximumPlayers: max(players, 1), maximumLines: turnsEach * 3,
            pendingPerAddress: max(players, 8), allowsRestart: true))
    let port = try host.start()
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let start = DispatchTime.now()
    var futures: [EventLoopFuture<[Double]>] = []
    for index in 0..<players {
        let promise = group.next().makePromise(of: [Double].self)
        let player = Player(name: "player\(index)", index: index, settings: settings, done: promise)
        ClientBootstrap(group: group).channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(
                    ByteToMessageHandler(LineDecoder(maximumLength: DuelMessage.maximumHostLineLength)))
                try channel.pipeline.syncOperations.addHandler(player)
            }
        }.connect(host: "127.0.0.1", port: port).whenFailure { promise.fail($0) }
        futures.append(promise.futureResult)
    }
    let latencies = try EventLoopFuture.whenAllSucceed(futures, on: group.next()).wait().flatMap { $0 }.sorted()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1_000_000_000
    host.finish()
    try group.syncShutdownGracefully()
    func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
    func format(_ value: Double) -> String { String(format: "%.2f", value) }
    print(
        "\(players) players × \(turnsEach) graded replies, thinking \(think) ms: \(latencies.count) turns in "
            + "\(format(seconds)) s, \(Int(Double(latencies.count) / seconds)) turns/s; per graded turn p50 "
            + "\(format(percentile(0.5))) ms, p99 \(format(percentile(0.99))) ms; one session alone, no network: "
            + "\(format(alone)) ms per reply")
}

try run()
