import NIOCore
import NIOPosix
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

    private let channel: any Channel
    private let handler: NIOLoopBound<SFTPChannelHandler>
    /// Whether the server offers `posix-rename@openssh.com` (atomic replace).
    let supportsPosixRename: Bool
    /// The server's host key fingerprint.
    let fingerprint: SSHHostKeyFingerprint?
    /// What the SSH handshake saw (algorithms, key exchanges so far).
    let record: SSHHandshakeRecord
    /// Folders known to exist on this connection (skips repeated `mkdir -p` work).
    let knownFolders = Mutex<Set<String>>([])

    private init(
        channel: any Channel, handler: NIOLoopBound<SFTPChannelHandler>, extensions: [SFTPExtensionPair],
        record: SSHHandshakeRecord
    ) {
        self.channel = channel
        self.handler = handler
        self.record = record
        fingerprint = record.snapshot.fingerprint
        supportsPosixRename = extensions.contains { $0.name == SFTPRequest.posixRenameExtension }
    }

    deinit { channel.close(promise: nil) }

    /// Whether the SFTP session is still open.
    var isActive: Bool { channel.isActive }

    func close() { channel.close(promise: nil) }

    /// Connects, checks the host key against `pin`, authenticates and starts the `sftp` subsystem.
    static func open(
        _ configuration: SFTPConfiguration, pin: SSHHostKeyFingerprint?, group: any EventLoopGroup
    ) async throws(OpenFailure) -> SFTPConnection {
        let record = SSHHandshakeRecord()
        let where_ = "\(configuration.host):\(configuration.port)"
        let credential: SSHClientCredential
        switch configuration.credential.storage {
        case .password(let password): credential = .password(password)
        case .privateKey(let key): credential = .privateKey(key)
        }
        var settings = SSHClientSettings(username: configuration.username, credential: credential, pin: pin)
        settings.preferences = configuration.sshPreferences
        settings.rekeyAfterBytes = configuration.sshRekeyAfterBytes
        let ready = Mutex<(EventLoopPromise<[SFTPExtensionPair]>, NIOLoopBound<SFTPChannelHandler>)?>(nil)
        let requestTimeout = TimeAmount(configuration.requestTimeout)
        let clientSettings = settings
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let promise = channel.eventLoop.makePromise(of: [SFTPExtensionPair].self)
                    let sftp = SFTPChannelHandler(ready: promise, requestTimeout: requestTimeout)
                    ready.withLock { $0 = (promise, NIOLoopBound(sftp, eventLoop: channel.eventLoop)) }
                    try channel.pipeline.syncOperations.addHandlers(
                        SSHClientHandler(settings: clientSettings, record: record), sftp)
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch {
            throw OpenFailure(
                step: .connect,
                error: DestinationError(
                    .transient, "cannot connect to SFTP server \(where_) (\(SFTPChannelHandler.describe(error)))"))
        }
        guard let pair = ready.withLock({ $0 }) else {
            channel.close(promise: nil)
            throw OpenFailure(step: .connect, error: DestinationError(.io, "the SSH pipeline was not set up"))
        }
        let (promise, handler) = pair
        let connectTimeout = TimeAmount(configuration.connectTimeout)
        let seconds = connectTimeout.nanoseconds / 1_000_000_000
        let timer = channel.eventLoop.scheduleTask(in: connectTimeout) {
            promise.fail(DestinationError(.transient, "the SSH handshake did not finish within \(seconds) s"))
            channel.close(promise: nil)
        }
        channel.closeFuture.whenComplete { _ in promise.fail(SFTPChannelHandler.connectionLost) }
        do {
            let extensions = try await promise.futureResult.get()
            timer.cancel()
            return SFTPConnection(channel: channel, handler: handler, extensions: extensions, record: record)
        } catch {
            timer.cancel()
            channel.close(promise: nil)
            throw classify(error, record: record.snapshot, pin: pin, where: where_)
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
            let step: Step = record.fingerprint == nil ? .connect : record.authenticated ? .session : .auth
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
        return channel.eventLoop.flatSubmit { handler.value.send(request) }
    }

    /// Sends several requests in one event-loop hop; one future per request, in order.
    func send(_ requests: [SFTPRequest]) async -> [EventLoopFuture<SFTPResponse>] {
        let handler = self.handler
        let loop = channel.eventLoop
        do {
            return try await loop.submit { requests.map { handler.value.send($0) } }.get()
        } catch {
            return requests.map { _ in loop.makeFailedFuture(error) }
        }
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
