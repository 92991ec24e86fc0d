import NIOCore
import NIOPosix
import NIOSSH
import Synchronization

/// One authenticated SSH connection carrying one SFTP session. `open` names the step that failed.
final class SFTPConnection: Sendable {
    /// The handshake steps, in order.
    enum Step: Sendable, Hashable {
        case connect, hostKey, auth, session
    }

    /// A failed `open`: which step, and the error to show.
    struct OpenFailure: Error, Sendable {
        var step: Step
        var error: DestinationError
    }

    private let parent: any Channel
    private let child: any Channel
    private let handler: NIOLoopBound<SFTPChannelHandler>
    /// Whether the server offers `posix-rename@openssh.com` (atomic replace).
    let supportsPosixRename: Bool
    /// The server's host key fingerprint.
    let fingerprint: SSHHostKeyFingerprint?
    /// Folders known to exist on this connection (skips repeated `mkdir -p` work).
    let knownFolders = Mutex<Set<String>>([])

    private init(
        parent: any Channel, child: any Channel, handler: NIOLoopBound<SFTPChannelHandler>,
        extensions: [SFTPExtensionPair], fingerprint: SSHHostKeyFingerprint?
    ) {
        self.parent = parent
        self.child = child
        self.handler = handler
        self.fingerprint = fingerprint
        supportsPosixRename = extensions.contains { $0.name == SFTPRequest.posixRenameExtension }
    }

    deinit { parent.close(promise: nil) }

    /// Whether the SFTP channel is still open.
    var isActive: Bool { child.isActive }

    func close() { parent.close(promise: nil) }

    /// Connects, checks the host key against `pin`, authenticates and starts the `sftp` subsystem.
    static func open(
        _ configuration: SFTPConfiguration, pin: SSHHostKeyFingerprint?, group: any EventLoopGroup
    ) async throws(OpenFailure) -> SFTPConnection {
        let records = Mutex<SSHHandshakeRecord?>(nil)
        let where_ = "\(configuration.host):\(configuration.port)"
        let username = configuration.username
        let credential = configuration.credential
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                let record = SSHHandshakeRecord(channel: channel)
                records.withLock { $0 = record }
                return channel.eventLoop.makeCompletedFuture {
                    let client = SSHClientConfiguration(
                        userAuthDelegate: SSHCredentialOffer(
                            username: username, credential: credential, record: record),
                        serverAuthDelegate: SSHHostKeyPinning(pin: pin, record: record))
                    let ssh = NIOSSHHandler(
                        role: .client(client), allocator: channel.allocator, inboundChildChannelInitializer: nil)
                    try channel.pipeline.syncOperations.addHandler(ssh)
                }
            }
        let parent: any Channel
        do {
            parent = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch {
            throw OpenFailure(
                step: .connect,
                error: DestinationError(
                    .transient, "cannot connect to SFTP server \(where_) (\(SFTPChannelHandler.describe(error)))"))
        }
        guard let record = records.withLock({ $0 }) else {
            parent.close(promise: nil)
            throw OpenFailure(step: .connect, error: DestinationError(.io, "the SSH pipeline was not set up"))
        }
        let session = startSession(on: parent, configuration: configuration)
        do {
            let (child, handler, extensions) = try await session.get()
            return SFTPConnection(
                parent: parent, child: child, handler: handler, extensions: extensions,
                fingerprint: record.snapshot.fingerprint)
        } catch {
            parent.close(promise: nil)
            throw classify(error, record: record.snapshot, pin: pin, where: where_)
        }
    }

    private typealias Session = (any Channel, NIOLoopBound<SFTPChannelHandler>, [SFTPExtensionPair])

    /// Opens the session channel with an `SFTPChannelHandler` and waits for the server's VERSION, all bounded
    /// by the connect timeout.
    private static func startSession(
        on parent: any Channel, configuration: SFTPConfiguration
    ) -> EventLoopFuture<Session> {
        let loop = parent.eventLoop
        let requestTimeout = TimeAmount(configuration.requestTimeout)
        let connectTimeout = TimeAmount(configuration.connectTimeout)
        let seconds = connectTimeout.nanoseconds / 1_000_000_000
        return loop.flatSubmit {
            let ready = loop.makePromise(of: [SFTPExtensionPair].self)
            let channelPromise = loop.makePromise(of: (any Channel).self)
            let handler = SFTPChannelHandler(ready: ready, requestTimeout: requestTimeout)
            let bound = NIOLoopBound(handler, eventLoop: loop)
            let timer = loop.scheduleTask(in: connectTimeout) {
                let error = DestinationError(.transient, "the SSH handshake did not finish within \(seconds) s")
                channelPromise.fail(error)
                ready.fail(error)
                parent.close(promise: nil)
            }
            do {
                let ssh = try parent.pipeline.syncOperations.handler(type: NIOSSHHandler.self)
                ssh.createChannel(channelPromise, channelType: .session) { child, _ in
                    child.eventLoop.makeCompletedFuture { try child.pipeline.syncOperations.addHandler(bound.value) }
                }
            } catch {
                channelPromise.fail(error)
            }
            parent.closeFuture.whenComplete { _ in
                channelPromise.fail(SFTPChannelHandler.connectionLost)
                ready.fail(SFTPChannelHandler.connectionLost)
            }
            channelPromise.futureResult.whenFailure { ready.fail($0) }
            ready.futureResult.whenComplete { _ in timer.cancel() }
            return channelPromise.futureResult.and(ready.futureResult).map { ($0.0, bound, $0.1) }
        }
    }

    private static func classify(
        _ error: any Error, record: SSHHandshakeRecord.State, pin: SSHHostKeyFingerprint?, where place: String
    ) -> OpenFailure {
        if record.hostKeyMismatch, let pin {
            let seen = record.fingerprint.map(\.description) ?? "an unreadable key"
            return OpenFailure(
                step: .hostKey,
                error: DestinationError(
                    .auth,
                    "host key mismatch: the SFTP server \(place) presented \(seen) but hostKeyFingerprint pins \(pin); "
                        + "if the server's key changed on purpose, update hostKeyFingerprint"))
        }
        if let message = record.authFailure {
            return OpenFailure(step: .auth, error: DestinationError(.auth, "authentication failed: \(message)"))
        }
        if let destinationError = error as? DestinationError {
            let step: Step = record.fingerprint == nil ? .connect : .session
            return OpenFailure(step: step, error: destinationError)
        }
        if record.fingerprint == nil {
            return OpenFailure(
                step: .connect,
                error: DestinationError(
                    .transient,
                    "the SSH handshake with \(place) failed (\(SFTPChannelHandler.describe(error)))"))
        }
        return OpenFailure(
            step: .auth,
            error: DestinationError(
                .transient, "the SSH session with \(place) failed (\(SFTPChannelHandler.describe(error)))"))
    }

    /// Sends a request; the future is the server's reply.
    func send(_ request: SFTPRequest) -> EventLoopFuture<SFTPResponse> {
        let handler = self.handler
        return child.eventLoop.flatSubmit { handler.value.send(request) }
    }

    /// Sends a request and waits for its reply.
    func call(_ request: SFTPRequest) async throws(DestinationError) -> SFTPResponse {
        try await Self.reply(send(request))
    }

    /// Waits for a reply, mapping channel failures to `.transient`.
    static func reply(_ future: EventLoopFuture<SFTPResponse>) async throws(DestinationError) -> SFTPResponse {
        do {
            return try await future.get()
        } catch let error as DestinationError {
            throw error
        } catch {
            throw DestinationError(.transient, "the SFTP connection failed (\(SFTPChannelHandler.describe(error)))")
        }
    }
}
