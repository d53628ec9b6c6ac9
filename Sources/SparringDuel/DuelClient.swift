import Foundation
import NIOCore
import NIOPosix
import Sparring

/// A player's side of a networked duel: joins with the code and a name, sends each line the trainee
/// types and waits for the host's reply, and hands every other message (scoreboards, the end) to
/// `onMessage`. It grades nothing: what it shows comes from the host.
///
/// `@unchecked Sendable`: its state lives in `Inbox`, which is touched only under its lock.
public final class DuelClient: @unchecked Sendable {
    public let welcome: DuelMessage
    private let group: MultiThreadedEventLoopGroup
    private let channel: NIOCore.Channel
    private let inbox: Inbox

    final class Inbox: @unchecked Sendable {
        // `@unchecked Sendable`: every stored property is read and written only under `lock`
        let lock = NSLock()
        var waiting: [DuelMessage] = []
        var handler: (@Sendable (DuelMessage) -> Void)?
        let welcome: EventLoopPromise<DuelMessage>
        var welcomed = false
        var replies: [EventLoopPromise<DuelMessage>] = []
        var open = true

        init(welcome: EventLoopPromise<DuelMessage>) { self.welcome = welcome }

        func deliver(_ message: DuelMessage) {
            let handler: (@Sendable (DuelMessage) -> Void)? = lock.withLock {
                if !welcomed {
                    welcomed = true
                    if message.type == .welcome {
                        welcome.succeed(message)
                    } else {
                        welcome.fail(
                            DuelProtocolError(message.message.map(Untrusted.line) ?? "the host refused to let us join"))
                    }
                    return nil
                }
                if message.type == .reply || message.type == .error, !replies.isEmpty {
                    replies.removeFirst().succeed(message)
                    return nil
                }
                if self.handler == nil { waiting.append(message) }
                return self.handler
            }
            handler?(message)
        }

        func closed() {
            let (pending, handler): ([EventLoopPromise<DuelMessage>], (@Sendable (DuelMessage) -> Void)?) =
                lock.withLock {
                    open = false
                    if !welcomed {
                        welcomed = true
                        welcome.fail(DuelProtocolError("the host closed the connection before letting us join"))
                    }
                    defer { replies = [] }
                    return (replies, self.handler)
                }
            for promise in pending { promise.fail(DuelConnectionLost()) }
            // the handler hears of the loss as an error message from nobody
            handler?(.error(DuelConnectionLost.sentence))
        }
    }

    final class Reader: ChannelInboundHandler, @unchecked Sendable {
        // `@unchecked Sendable`: NIO calls a handler only on its channel's event loop
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

    /// Connects and joins; throws `DuelProtocolError` with the host's reason when it refuses, and
    /// `DuelConnectionError` in plain words when there is no host to talk to.
    public init(host: String, port: Int, code: String, name: String, token: String? = nil) throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let welcomePromise = group.next().makePromise(of: DuelMessage.self)
        let inbox = Inbox(welcome: welcomePromise)
        self.inbox = inbox
        do {
            channel = try ClientBootstrap(group: group)
                .connectTimeout(.seconds(5))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            ByteToMessageHandler(LineDecoder(maximumLength: DuelMessage.maximumHostLineLength)))
                        try channel.pipeline.syncOperations.addHandler(Reader(inbox: inbox))
                    }
                }
                .connect(host: host, port: port).wait()
        } catch {
            welcomePromise.fail(error)
            try? group.syncShutdownGracefully()
            throw DuelConnectionError(Self.explain(error, host: host, port: port))
        }
        do {
            _ = try channel.send(DuelMessage(type: .join, code: code, name: name, token: token)).wait()
            let timeout = channel.eventLoop.scheduleTask(in: .seconds(15)) {
                welcomePromise.fail(
                    DuelConnectionError(
                        "\(host):\(port) accepted the connection but sent no welcome "
                            + "within 15 seconds; is it a Sparring duel host?"))
            }
            welcome = try welcomePromise.futureResult.wait()
            timeout.cancel()
        } catch {
            try? channel.close().wait()
            try? group.syncShutdownGracefully()
            if error is DuelProtocolError || error is DuelConnectionError { throw error }
            throw DuelConnectionError(Self.explain(error, host: host, port: port))
        }
    }

    /// Later messages: scoreboards, the final one, and an `error` when the connection is lost.
    /// Those that arrived before the handler was set are delivered at once.
    public func onMessage(_ handler: @escaping @Sendable (DuelMessage) -> Void) {
        let (waiting, open): ([DuelMessage], Bool) = inbox.lock.withLock {
            inbox.handler = handler
            defer { inbox.waiting = [] }
            return (inbox.waiting, inbox.open)
        }
        waiting.forEach(handler)
        if !open { handler(.error(DuelConnectionLost.sentence)) }
    }

    public var isConnected: Bool { inbox.lock.withLock { inbox.open } }

    /// Sends one line the trainee typed and waits for the host's reply (or its error).
    public func send(line: String) throws -> DuelMessage {
        let promise = channel.eventLoop.makePromise(of: DuelMessage.self)
        let open = inbox.lock.withLock {
            if inbox.open { inbox.replies.append(promise) }
            return inbox.open
        }
        guard open else { throw DuelConnectionLost() }
        channel.send(DuelMessage(type: .line, text: line)).whenFailure { promise.fail($0) }
        let timeout = channel.eventLoop.scheduleTask(in: .seconds(30)) { promise.fail(DuelConnectionLost()) }
        defer { timeout.cancel() }
        return try promise.futureResult.wait()
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

    /// A connection failure as a sentence a trainee can act on, never the networking library's internals.
    public static func explain(_ error: Error, host: String, port: Int) -> String {
        let address = "\(host):\(port)"
        var errnos: [Int32] = []
        if let failure = error as? NIOConnectionError {
            if failure.connectionErrors.isEmpty, failure.dnsAError != nil || failure.dnsAAAAError != nil {
                return "cannot find the machine '\(host)'; check the host's name or use its IP address"
            }
            errnos = failure.connectionErrors.compactMap { ($0.error as? IOError)?.errnoCode }
        }
        if let io = error as? IOError { errnos.append(io.errnoCode) }
        if errnos.contains(ECONNREFUSED) {
            return
                "nothing is listening at \(address); check the address and port, and that the host has started the duel"
        }
        if errnos.contains(ENETUNREACH) || errnos.contains(EHOSTUNREACH) {
            return "no route to \(address); check that this machine and the host are on the same network"
        }
        if case ChannelError.connectTimeout = error {
            return "no answer from \(address) within 5 seconds; check the address and any firewall between you"
        }
        if error is DuelConnectionLost { return DuelConnectionLost.sentence }
        return "cannot connect to \(address); check the address and that the host is running"
    }
}

public struct DuelConnectionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The connection to the host went away in the middle of the duel.
public struct DuelConnectionLost: Error, Sendable, Equatable, CustomStringConvertible {
    public static let sentence = "the connection to the host was lost"
    public var description: String { Self.sentence }
}
