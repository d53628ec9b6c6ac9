import Foundation
import NIOCore
import NIOPosix
import Sparring

/// A player's side of a networked duel: joins with the code and a name, reports each graded turn,
/// and hands every message from the host to `received`.
public final class DuelClient: @unchecked Sendable {
    public let welcome: DuelMessage
    private let group: MultiThreadedEventLoopGroup
    private let channel: NIOCore.Channel
    private let inbox: Inbox

    final class Inbox: @unchecked Sendable {
        let lock = NSLock()
        var waiting: [DuelMessage] = []
        var handler: (@Sendable (DuelMessage) -> Void)?
        let welcome: EventLoopPromise<DuelMessage>
        var welcomed = false

        init(welcome: EventLoopPromise<DuelMessage>) { self.welcome = welcome }

        func deliver(_ message: DuelMessage) {
            let handler: (@Sendable (DuelMessage) -> Void)? = lock.withLock {
                if !welcomed {
                    welcomed = true
                    if message.type == .welcome { welcome.succeed(message) } else {
                        welcome.fail(DuelProtocolError(message.message ?? "the host refused to let us join"))
                    }
                    return nil
                }
                if self.handler == nil { waiting.append(message) }
                return self.handler
            }
            handler?(message)
        }

        func closed() {
            lock.withLock {
                if !welcomed {
                    welcomed = true
                    welcome.fail(DuelProtocolError("the host closed the connection"))
                }
            }
        }
    }

    final class Reader: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = String
        let inbox: Inbox
        init(inbox: Inbox) { self.inbox = inbox }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if case .success(let message) = DuelMessage.decode(unwrapInboundIn(data)) { inbox.deliver(message) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            inbox.closed()
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) { _ = context.close() }
    }

    /// Connects and joins; throws with the host's reason when it refuses.
    public init(host: String, port: Int, code: String, name: String) throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let welcomePromise = group.next().makePromise(of: DuelMessage.self)
        let inbox = Inbox(welcome: welcomePromise)
        self.inbox = inbox
        do {
            channel = try ClientBootstrap(group: group)
                .connectTimeout(.seconds(5))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder(maximumLength: 1 << 22)))
                        try channel.pipeline.syncOperations.addHandler(Reader(inbox: inbox))
                    }
                }
                .connect(host: host, port: port).wait()
            _ = try channel.send(DuelMessage(type: .join, code: code, name: name)).wait()
            welcome = try welcomePromise.futureResult.wait()
        } catch {
            welcomePromise.fail(error)
            try? group.syncShutdownGracefully()
            throw error
        }
    }

    /// Messages after the welcome: scoreboards, acks, errors. Earlier ones are delivered at once.
    public func onMessage(_ handler: @escaping @Sendable (DuelMessage) -> Void) {
        let waiting: [DuelMessage] = inbox.lock.withLock {
            inbox.handler = handler
            defer { inbox.waiting = [] }
            return inbox.waiting
        }
        waiting.forEach(handler)
    }

    /// Reports the player's result after a graded reply.
    public func report(_ result: DuelResult) throws {
        try channel.send(DuelMessage(type: .turn, result: result)).wait()
    }

    /// Sends a raw line (for tests of bad input).
    public func sendRaw(_ line: String) throws {
        var buffer = channel.allocator.buffer(capacity: line.utf8.count + 1)
        buffer.writeString(line + "\n")
        try channel.writeAndFlush(buffer).wait()
    }

    public func close() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}
