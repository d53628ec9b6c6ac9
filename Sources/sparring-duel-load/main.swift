// Load benchmark for networked duels (`make bench`): one host on loopback, N players joining one duel,
// each reporting T turns and waiting for the host's ack before the next. Prints turns/s and the
// host's p50/p99 latency (turn sent → ack received). Measures; asserts nothing.
import Foundation
import NIOCore
import NIOPosix
import Sparring
import SparringDuel

let arguments = CommandLine.arguments
let players = arguments.count > 1 ? Int(arguments[1]) ?? 200 : 200
let turnsEach = arguments.count > 2 ? Int(arguments[2]) ?? 10 : 10

final class Player: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    let name: String
    let done: EventLoopPromise<[Double]>
    var buffer = ""
    var sentAt = DispatchTime.now()
    var turn = 0
    var latencies: [Double] = []

    init(name: String, done: EventLoopPromise<[Double]>) {
        self.name = name
        self.done = done
    }

    func channelActive(context: ChannelHandlerContext) {
        write(context, DuelMessage(type: .join, code: "BENCH1", name: name))
    }

    func write(_ context: ChannelHandlerContext, _ message: DuelMessage) {
        var out = context.channel.allocator.buffer(capacity: 256)
        out.writeString(message.encoded() + "\n")
        context.writeAndFlush(NIOAny(out), promise: nil)
    }

    func sendTurn(_ context: ChannelHandlerContext) {
        turn += 1
        sentAt = .now()
        write(context, DuelMessage(type: .turn, result: DuelResult(player: name, score: 100 - turn, turns: turn, findings: ["no-greeting": 1])))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        buffer += bytes.readString(length: bytes.readableBytes) ?? ""
        let lines = buffer.split(separator: "\n", omittingEmptySubsequences: false)
        buffer = String(lines.last ?? "")
        // scoreboards are large and not what is measured: only acks, welcomes and errors are decoded
        for line in lines.dropLast() where !line.contains("\"scoreboard\"") {
            guard case .success(let message) = DuelMessage.decode(String(line)) else { continue }
            switch message.type {
            case .welcome: sendTurn(context)
            case .ack:
                latencies.append(Double(DispatchTime.now().uptimeNanoseconds - sentAt.uptimeNanoseconds) / 1_000_000)
                if turn < turnsEach { sendTurn(context) } else {
                    done.succeed(latencies)
                    context.close(promise: nil)
                }
            case .error: done.fail(DuelProtocolError(message.message ?? "error"))
            default: break
            }
        }
    }
}

let host = DuelHost(configuration: DuelHost.Configuration(caseId: "clinic-confirmation-call", language: .ru, seed: 1, code: "BENCH1", port: 0))
let port = try host.start()
let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let start = DispatchTime.now()
var futures: [EventLoopFuture<[Double]>] = []
for index in 0..<players {
    let promise = group.next().makePromise(of: [Double].self)
    let player = Player(name: "player\(index)", done: promise)
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
print("\(players) players × \(turnsEach) turns: \(latencies.count) turns in \(String(format: "%.2f", seconds)) s, "
    + "\(Int(Double(latencies.count) / seconds)) turns/s; host latency p50 \(String(format: "%.2f", percentile(0.5))) ms, "
    + "p99 \(String(format: "%.2f", percentile(0.99))) ms")
