package import NIOCore
import NIOPosix
package import SSH
import Synchronization

/// One authenticated SSH connection carrying one SFTP session. `open` names the step that failed.
package final class SFTPConnection: Sendable {
    /// The handshake steps, in order.
    package enum Step: Sendable, Hashable {
        case connect, hostKey, auth, session
    }

    /// A failed `open`: which step, and the error to show.
    package struct OpenFailure: Error, Sendable {
        package var step: Step
        package var error: SFTPError
    }

    private let channel: any Channel
    private let handler: NIOLoopBound<SFTPChannelHandler>
    /// Whether the server offers `posix-rename@openssh.com` (atomic replace).
    let supportsPosixRename: Bool
    /// The server's host key fingerprint.
    package let fingerprint: SSHHostKeyFingerprint?
    /// What the SSH handshake saw (algorithms, key exchanges so far).
    package let record: SSHHandshakeRecord
    /// Bounds on listings (`SFTPConfiguration.listingLimits`).
    package let listingLimits: SFTPListingLimits
    /// Folders known to exist on this connection (skips repeated `mkdir -p` work).
    let knownFolders = Mutex<Set<String>>([])

    private init(
        channel: any Channel, handler: NIOLoopBound<SFTPChannelHandler>, extensions: [SFTPExtensionPair],
        record: SSHHandshakeRecord, listingLimits: SFTPListingLimits
    ) {
        self.listingLimits = listingLimits
        self.channel = channel
        self.handler = handler
        self.record = record
        fingerprint = record.snapshot.fingerprint
        supportsPosixRename = extensions.contains { $0.name == SFTPRequest.posixRenameExtension }
    }

    deinit { channel.close(promise: nil) }

    /// Whether the SFTP session is still open.
    package var isActive: Bool { channel.isActive }

    package func close() { channel.close(promise: nil) }

    /// Connects, checks the host key (`check`: pinned, remembered or any), authenticates and starts the `sftp`
    /// subsystem. A host key that is not the expected one fails before anything is sent to the server.
    package static func open(
        _ configuration: SFTPConfiguration, check: SFTPHostKeyCheck, group: any EventLoopGroup
    ) async throws(OpenFailure) -> SFTPConnection {
        let pin = check.expected
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
                    try channel.pipeline.syncOperations.addSSHClient(settings: clientSettings, record: record)
                    try channel.pipeline.syncOperations.addHandler(sftp)
                }
            }
        let channel: any Channel
        do {
            if let connectAddress = configuration.connectAddress {
                let address: SocketAddress
                do {
                    address = try SocketAddress(
                        ipAddress: try await connectAddress(configuration.host, configuration.port),
                        port: configuration.port)
                } catch {
                    throw OpenFailure(
                        step: .connect,
                        error: SFTPError(
                            .connection, "cannot connect to SFTP server \(where_): \(error)", underlying: error))
                }
                channel = try await bootstrap.connect(to: address).get()
            } else {
                channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
            }
        } catch let failure as OpenFailure {
            throw failure
        } catch {
            throw OpenFailure(
                step: .connect,
                error: SFTPError(
                    .connection, "cannot connect to SFTP server \(where_) (\(SFTPChannelHandler.describe(error)))",
                    underlying: error))
        }
        guard let pair = ready.withLock({ $0 }) else {
            channel.close(promise: nil)
            throw OpenFailure(step: .connect, error: SFTPError(.failure, "the SSH pipeline was not set up"))
        }
        let (promise, handler) = pair
        let connectTimeout = TimeAmount(configuration.connectTimeout)
        let seconds = connectTimeout.nanoseconds / 1_000_000_000
        let timer = channel.eventLoop.scheduleTask(in: connectTimeout) {
            promise.fail(SFTPError(.connection, "the SSH handshake did not finish within \(seconds) s"))
            channel.close(promise: nil)
        }
        channel.closeFuture.whenComplete { _ in promise.fail(SFTPChannelHandler.connectionLost) }
        do {
            let extensions = try await promise.futureResult.get()
            timer.cancel()
            return SFTPConnection(
                channel: channel, handler: handler, extensions: extensions, record: record,
                listingLimits: configuration.listingLimits)
        } catch {
            timer.cancel()
            channel.close(promise: nil)
            throw classify(error, record: record.snapshot, check: check, where: where_)
        }
    }

    private static func classify(
        _ error: any Error, record: SSHHandshakeRecord.State, check: SFTPHostKeyCheck, where place: String
    ) -> OpenFailure {
        if record.hostKeyMismatch {
            let seen = record.fingerprint.map(\.description) ?? "an unreadable key"
            let failure: SFTPError =
                switch check {
                case .remembered(let remembered): hostKeyChanged(presented: seen, remembered: "\(remembered)", place)
                case .pinned(let pin):
                    SFTPError(
                        .authentication,
                        "host key mismatch: the SFTP server \(place) presented \(seen) but hostKeyFingerprint pins "
                            + "\(pin); if the server's key changed on purpose, update hostKeyFingerprint")
                case .firstContact: SFTPError(.authentication, "host key mismatch at \(place)")
                }
            var named = failure
            named.underlying = error
            return OpenFailure(step: .hostKey, error: named)
        }
        if let message = record.authFailure {
            return OpenFailure(
                step: .auth,
                error: SFTPError(.authentication, "authentication failed: \(message)", underlying: error))
        }
        if let sftpError = error as? SFTPError {
            let step: Step = record.fingerprint == nil ? .connect : record.authenticated ? .session : .auth
            return OpenFailure(step: step, error: sftpError)
        }
        if record.fingerprint == nil {
            return OpenFailure(
                step: .connect,
                error: SFTPError(
                    .connection, "the SSH handshake with \(place) failed (\(SFTPChannelHandler.describe(error)))",
                    underlying: error))
        }
        return OpenFailure(
            step: .auth,
            error: SFTPError(
                .connection, "the SSH session with \(place) failed (\(SFTPChannelHandler.describe(error)))",
                underlying: error))
    }

    /// The error of a host key that differs from the one remembered at first contact; names both.
    package static func hostKeyChanged(presented: String, remembered: String, _ place: String) -> SFTPError {
        SFTPError(
            .authentication,
            "host key changed: the SFTP server \(place) presented \(presented) but this connection remembered "
                + "\(remembered) at its first contact; nothing was written. If the server's key changed on "
                + "purpose, set hostKeyFingerprint to the new fingerprint (ssh-keygen -lf on the server's key)")
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
    func call(_ request: SFTPRequest) async throws(SFTPError) -> SFTPResponse {
        try await Self.reply(send(request))
    }

    /// Waits for a reply, turning channel failures into `connection` errors.
    static func reply(_ future: EventLoopFuture<SFTPResponse>) async throws(SFTPError) -> SFTPResponse {
        do {
            return try await future.get()
        } catch let error as SFTPError {
            throw error
        } catch {
            throw SFTPError(
                .connection, "the SFTP connection failed (\(SFTPChannelHandler.describe(error)))", underlying: error)
        }
    }
}
