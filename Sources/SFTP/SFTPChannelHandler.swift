import NIOCore
import SSH

/// The SFTP framing above `SSHClientHandler`: once the `sftp` subsystem runs it exchanges INIT/VERSION, then
/// frames requests, decodes replies with `SFTPFrameDecoder` and completes each request's promise by id.
/// Every request has a deadline; a request that times out closes the connection (the link is presumed dead).
/// Used only on its event loop.
final class SFTPChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let ready: EventLoopPromise<[SFTPExtensionPair]>
    private let requestTimeout: TimeAmount
    private var context: ChannelHandlerContext?
    private var decoder = SFTPFrameDecoder()
    private var nextID: UInt32 = 1
    private var pending: [UInt32: Pending] = [:]
    private var versionReceived = false
    private var failure: SFTPError?

    private struct Pending {
        var promise: EventLoopPromise<SFTPResponse>
        var timeout: Scheduled<Void>
    }

    init(ready: EventLoopPromise<[SFTPExtensionPair]>, requestTimeout: TimeAmount) {
        self.ready = ready
        self.requestTimeout = requestTimeout
    }

    /// Whether requests can still be sent.
    var isUsable: Bool { failure == nil && context != nil }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case .subsystemReady? = event as? SSHSessionEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        var buffer = context.channel.allocator.buffer(capacity: 9)
        SFTPRequest.initialize(into: &buffer)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        decoder.append(unwrapInboundIn(data))
        do throws(SFTPProtocolError) {
            while let response = try decoder.next() { deliver(response) }
        } catch {
            fail(SFTPError(.failure, "the SFTP server sent a \(error)", underlying: error))
        }
    }

    private func deliver(_ response: SFTPResponse) {
        guard let id = response.requestID else {
            if case .version(let version, let extensions) = response, !versionReceived {
                versionReceived = true
                guard version >= 3 else {
                    fail(SFTPError(.unsupported, "the SFTP server speaks protocol version \(version); 3 is needed"))
                    return
                }
                ready.succeed(extensions)
            }
            return
        }
        guard let entry = pending.removeValue(forKey: id) else { return }
        entry.timeout.cancel()
        entry.promise.succeed(response)
    }

    /// Sends `request`; the future completes with the server's reply or an `SFTPError`.
    func send(_ request: SFTPRequest) -> EventLoopFuture<SFTPResponse> {
        guard let context else {
            return ready.futureResult.eventLoop.makeFailedFuture(Self.connectionLost)
        }
        if let failure { return context.eventLoop.makeFailedFuture(failure) }
        let id = nextID
        nextID &+= 1
        let promise = context.eventLoop.makePromise(of: SFTPResponse.self)
        let seconds = requestTimeout.nanoseconds / 1_000_000_000
        let timeout = context.eventLoop.assumeIsolated().scheduleTask(in: requestTimeout) { [weak self] () -> Void in
            self?.fail(
                SFTPError(.connection, "the SFTP server did not answer a \(request.operation) within \(seconds) s"))
        }
        pending[id] = Pending(promise: promise, timeout: timeout)
        var buffer = context.channel.allocator.buffer(capacity: 64)
        request.encode(id: id, into: &buffer)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        return promise.futureResult
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(Self.connectionLost)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        fail(Self.connectionLost)
        self.context = nil
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let ssh = error as? SSHError else {
            fail(SFTPError(.connection, "the SFTP connection failed (\(Self.describe(error)))", underlying: error))
            return
        }
        switch ssh.code {
        case .channel: fail(SFTPError(.unsupported, ssh.message, underlying: ssh))
        case .authentication: fail(SFTPError(.authentication, ssh.message, underlying: ssh))
        default: fail(SFTPError(.connection, "the SSH connection failed (\(ssh.message))", underlying: ssh))
        }
    }

    static let connectionLost = SFTPError(.connection, "the SFTP connection was lost")

    /// Fails every outstanding request and the handshake, then closes the connection.
    private func fail(_ error: SFTPError) {
        guard failure == nil else { return }
        failure = error
        ready.fail(error)
        let entries = pending
        pending.removeAll()
        for (_, entry) in entries {
            entry.timeout.cancel()
            entry.promise.fail(error)
        }
        context?.close(promise: nil)
    }

    /// A short description of a NIO or SSH transport error (they never carry credentials).
    static func describe(_ error: any Error) -> String {
        if let ssh = error as? SSHError { return ssh.message }
        return String(describing: error)
    }
}
