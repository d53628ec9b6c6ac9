import NIOCore

/// Splits the byte stream into lines, refusing any line longer than the limit.
public struct LineDecoder: ByteToMessageDecoder {
    public typealias InboundOut = String
    let maximumLength: Int

    public init(maximumLength: Int) { self.maximumLength = maximumLength }

    struct LineTooLong: Error {}

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > maximumLength { throw LineTooLong() }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        if length > maximumLength { throw LineTooLong() }
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        // a last line without its newline is dropped: a half-sent message is no message
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }
}

extension NIOCore.Channel {
    /// Writes one protocol message as a line.
    func send(_ message: DuelMessage) -> EventLoopFuture<Void> {
        var buffer = allocator.buffer(capacity: 256)
        buffer.writeString(message.encoded() + "\n")
        return writeAndFlush(buffer)
    }

    /// Writes one last message and closes, whether or not the write went through.
    func sendAndClose(_ message: DuelMessage) {
        send(message).whenComplete { _ in self.close(promise: nil) }
    }
}
