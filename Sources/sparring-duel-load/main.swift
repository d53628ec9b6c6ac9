// Load benchmark for networked duels (`make bench`): one host on loopback, N players joining one duel,
// each sending T real replies (the case's own example replies, in turn) and waiting for the host's
// graded reply before the next; a player whose case ends restarts it (allowed here only) so every turn
// is graded. Prints turns/s and the latency per graded turn (line sent → reply received), p50 and p99.
// Measures; asserts nothing.
import Foundation
import NIOCore
import NIOPosix
import Sparring
import SparringDuel

let arguments = CommandLine.arguments
let players = arguments.count > 1 ? Int(arguments[1]) ?? 200 : 200
let turnsEach = arguments.count > 2 ? Int(arguments[2]) ?? 10 : 10
let casePath = arguments.count > 3 ? arguments[3] : "Cases/ru/clinic-confirmation-call.yaml"

let grader = try Grader.load()
guard let text = try? String(contentsOfFile: casePath, encoding: .utf8),
      case let (loaded?, _) = CaseLoader(analyzer: grader.analyzer).load(text: text, path: casePath),
      !loaded.examples.isEmpty else {
    FileHandle.standardError.write(Data("cannot load a case with examples from \(casePath); run from the repository\n".utf8))
    exit(2)
}
let caseFile = loaded
let replies = caseFile.examples.map { $0.reply.trimmed }

/// One player: joins, then sends a reply, waits for the host's answer, and sends the next.
/// `@unchecked Sendable`: NIO calls it only on its channel's event loop.
final class Player: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    let name: String
    let index: Int
    let done: EventLoopPromise<[Double]>
    var buffer = ""
    var sentAt = DispatchTime.now()
    var turn = 0
    var restarting = false
    var latencies: [Double] = []

    init(name: String, index: Int, done: EventLoopPromise<[Double]>) {
        self.name = name
        self.index = index
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
        write(context, DuelMessage(type: .line, text: replies[(index + turn) % replies.count]))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        buffer += bytes.readString(length: bytes.readableBytes) ?? ""
        let lines = buffer.split(separator: "\n", omittingEmptySubsequences: false)
        buffer = String(lines.last ?? "")
        // scoreboards are large and not what is measured: only welcomes, replies and errors are decoded
        for line in lines.dropLast() where !line.contains("\"scoreboard\"") {
            guard case .success(let message) = DuelMessage.decode(String(line)) else { continue }
            switch message.type {
            case .welcome: sendTurn(context)
            case .reply:
                if restarting {
                    restarting = false
                    sendTurn(context)
                    continue
                }
                latencies.append(Double(DispatchTime.now().uptimeNanoseconds - sentAt.uptimeNanoseconds) / 1_000_000)
                if turn >= turnsEach {
                    done.succeed(latencies)
                    context.close(promise: nil)
                } else if message.result?.outcome != nil {
                    restarting = true
                    write(context, DuelMessage(type: .line, text: "/restart"))
                } else {
                    sendTurn(context)
                }
            case .error: done.fail(DuelProtocolError(message.message ?? "error"))
            default: break
            }
        }
    }
}

let host = DuelHost(configuration: DuelHost.Configuration(caseFile: caseFile, grader: grader, seed: 1, code: "BENCH1",
                                                          maximumPlayers: max(players, 1), maximumLines: turnsEach * 3,
                                                          pendingPerAddress: max(players, 8), allowsRestart: true))
let port = try host.start()
let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let start = DispatchTime.now()
var futures: [EventLoopFuture<[Double]>] = []
for index in 0..<players {
    let promise = group.next().makePromise(of: [Double].self)
    let player = Player(name: "player\(index)", index: index, done: promise)
    ClientBootstrap(group: group).channelInitializer { channel in
        channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(player) }
    }.connect(host: "127.0.0.1", port: port).whenFailure { promise.fail($0) }
    futures.append(promise.futureResult)
}
let latencies = try EventLoopFuture.whenAllSucceed(futures, on: group.next()).wait().flatMap { $0 }.sorted()
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1_000_000_000
host.finish()
try group.syncShutdownGracefully()
func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
print("\(players) players × \(turnsEach) graded replies: \(latencies.count) turns in \(String(format: "%.2f", seconds)) s, "
    + "\(Int(Double(latencies.count) / seconds)) turns/s; per graded turn p50 \(String(format: "%.2f", percentile(0.5))) ms, "
    + "p99 \(String(format: "%.2f", percentile(0.99))) ms")
