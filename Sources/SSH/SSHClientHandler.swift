import NIOCore

/// Outflow's SSH-2 client (RFC 4253 transport, RFC 4252 userauth, RFC 4254 one session channel) as one NIO
/// handler on a TCP channel. Below it: raw bytes. Above it: the subsystem's bytes — inbound `ByteBuffer`s are
/// CHANNEL_DATA from the server, outbound writes become CHANNEL_DATA within the peer's window. Fires
/// `SSHSessionEvent.subsystemReady` once the subsystem runs; any failure is fired as an `SSHError`
/// and closes the connection. Used only on its event loop.
final class SSHClientHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Phase: String {
        case versionExchange = "version exchange"
        case keyExchange = "key exchange"
        case serviceRequest = "service request"
        case authentication
        case channelOpen = "session channel opening"
        case subsystemRequest = "subsystem request"
        case open
        case closed
    }

    static let clientVersion = "SSH-2.0-Outflow_1.0"
    static let localWindowSize: UInt32 = 2 * 1024 * 1024
    static let localMaximumPacket: UInt32 = 32 * 1024
    /// Bounds on what may precede the server's version line (RFC 4253 §4.2).
    static let maximumPreambleBytes = 64 * 1024

    let settings: SSHClientSettings
    let record: SSHHandshakeRecord
    var phase = Phase.versionExchange
    var context: ChannelHandlerContext?
    var received = ByteBuffer()
    var reader = SSHPacketReader()
    var writer = SSHPacketWriter()
    var serverVersion: String?
    var sessionID: [UInt8]?
    var firstHostKey: [UInt8]?
    var strictKex = false
    var packetsReceived = 0
    var kex: SSHKexRound?
    /// Between our KEXINIT and our NEWKEYS only transport messages go out; the rest waits here.
    var holding = false
    var heldPayloads: [ByteBuffer] = []
    var skipNextKexPacket = false
    var serverSigAlgs: [String]?
    var authentication: SSHUserAuthentication
    var pendingData = ByteBuffer()
    var remoteChannel: UInt32 = 0
    var remoteWindow: UInt64 = 0
    var remoteMaximumPacket = 32 * 1024
    var localWindow = SSHClientHandler.localWindowSize

    init(settings: SSHClientSettings, record: SSHHandshakeRecord) {
        self.settings = settings
        self.record = record
        authentication = SSHUserAuthentication(username: settings.username, credential: settings.credential)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        received = context.channel.allocator.buffer(capacity: 64 * 1024)
        pendingData = context.channel.allocator.buffer(capacity: 64 * 1024)
        if context.channel.isActive { start(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    private func start(context: ChannelHandlerContext) {
        guard phase == .versionExchange, serverVersion == nil, kex == nil else { return }
        var line = context.channel.allocator.buffer(capacity: 32)
        line.writeString(Self.clientVersion + "\r\n")
        context.write(wrapOutboundOut(line), promise: nil)
        startKeyExchange(initial: true)
        context.flush()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        received.writeBuffer(&bytes)
        do throws(SSHError) {
            if serverVersion == nil {
                guard try readVersion() else { return }
            }
            while phase != .closed, let payload = try reader.next(from: &received) {
                packetsReceived += 1
                try handle(payload)
            }
            if received.readerIndex > 64 * 1024 { received.discardReadBytes() }
            try rekeyIfDue()
        } catch {
            fail(error)
        }
        context.flush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if phase != .closed && phase != .open {
            context.fireErrorCaught(
                SSHError(.disconnected, "the SSH server closed the connection during the \(phase.rawValue)"))
        }
        phase = .closed
        context.fireChannelInactive()
    }

    /// Reads the server's identification line, skipping lines before it. True once it is known.
    private func readVersion() throws(SSHError) -> Bool {
        while let newline = received.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - received.readerIndex + 1
            guard var line = received.readString(length: length) else { return false }
            line = String(line.dropLast())
            if line.hasSuffix("\r") { line = String(line.dropLast()) }
            if line.hasPrefix("SSH-") {
                guard line.hasPrefix("SSH-2.0-") || line.hasPrefix("SSH-1.99-"), line.utf8.count <= 255 else {
                    throw SSHError(.negotiation, "the server does not speak SSH 2.0")
                }
                serverVersion = line
                return true
            }
        }
        if received.readerIndex + received.readableBytes > Self.maximumPreambleBytes {
            throw SSHError(.protocolViolation, "the server sent no SSH identification line")
        }
        return false
    }

    // MARK: outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        var bytes = unwrapOutboundIn(data)
        guard phase != .closed else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        pendingData.writeBuffer(&bytes)
        promise?.succeed(())
    }

    func flush(context: ChannelHandlerContext) {
        do throws(SSHError) {
            try pumpChannelData()
            try rekeyIfDue()
        } catch {
            fail(error)
        }
        context.flush()
    }

    /// Frames and writes one message, or holds it while a key exchange runs (non-transport messages only).
    func send(_ payload: ByteBuffer) throws(SSHError) {
        guard let context, phase != .closed else { return }
        if holding, let number = payload.getInteger(at: payload.readerIndex, as: UInt8.self),
            !SSHMessage.isTransportLayer(number)
        {
            heldPayloads.append(payload)
            return
        }
        var output = context.channel.allocator.buffer(capacity: payload.readableBytes + 64)
        try writer.write(payload: payload, into: &output)
        context.write(wrapOutboundOut(output), promise: nil)
    }

    /// Sends buffered subsystem bytes as CHANNEL_DATA within the server's window and maximum packet.
    func pumpChannelData() throws(SSHError) {
        guard phase == .open, !holding, let context else { return }
        while pendingData.readableBytes > 0, remoteWindow > 0 {
            let count = min(pendingData.readableBytes, Int(min(remoteWindow, UInt64(remoteMaximumPacket))))
            guard let chunk = pendingData.readSlice(length: count) else { break }
            var payload = context.channel.allocator.buffer(capacity: count + 9)
            payload.writeInteger(SSHMessage.channelData)
            payload.writeSSHUInt32(remoteChannel)
            payload.writeSSHString(chunk)
            try send(payload)
            remoteWindow -= UInt64(count)
        }
        if pendingData.readableBytes == 0 {
            pendingData.clear()
        } else if pendingData.readerIndex > 1024 * 1024 {
            pendingData.discardReadBytes()
        }
    }

    /// Ends the session: reports `error` up the pipeline once and closes the connection.
    func fail(_ error: SSHError) {
        guard phase != .closed, let context else { return }
        phase = .closed
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }
}

extension ChannelPipeline.SynchronousOperations {
    /// Adds Outflow's SSH client (an `SSHClientHandler`) at the end of a new TCP channel's pipeline; the
    /// subsystem's handler goes after it.
    package func addSSHClient(settings: SSHClientSettings, record: SSHHandshakeRecord) throws {
        try addHandler(SSHClientHandler(settings: settings, record: record))
    }
}
