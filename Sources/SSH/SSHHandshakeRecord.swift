import Synchronization

/// What happened during one SSH handshake, so a failure can name its step (host key, auth) and the
/// fingerprint the server showed. Written by `SSHClientHandler` on the event loop, read after the handshake.
package final class SSHHandshakeRecord: Sendable {
    package struct State: Sendable {
        package var fingerprint: SSHHostKeyFingerprint?
        package var hostKeyMismatch = false
        /// Why authentication failed, in words safe to show (never the credential).
        package var authFailure: String?
        /// Userauth succeeded.
        package var authenticated = false
        /// The signature algorithm of the accepted `publickey` request (nil for password auth).
        var userSignatureAlgorithm: String?
        /// The server's `server-sig-algs` (RFC 8308), when it sent them.
        var serverSignatureAlgorithms: [String]?
        /// Key exchanges completed (1 after the handshake; more after rekeys).
        var keyExchanges = 0
        /// Both sides agreed on OpenSSH strict kex (Terrapin mitigation).
        var strictKex = false
        /// The algorithms of the latest key exchange.
        var algorithms: SSHNegotiatedAlgorithms?
    }

    private let state = Mutex(State())

    package init() {}

    package var snapshot: State { state.withLock { $0 } }

    func update(_ body: (inout State) -> Void) {
        state.withLock { body(&$0) }
    }
}

/// What `SSHClientHandler` needs to run a session: who to log in as, with what, which host key to accept
/// and which subsystem to start.
package struct SSHClientSettings: Sendable {
    package var username: String
    package var credential: SSHClientCredential
    /// The pinned host key fingerprint; nil accepts any host key (its fingerprint is recorded).
    package var pin: SSHHostKeyFingerprint?
    package var subsystem = "sftp"
    package var preferences = SSHAlgorithmPreferences()
    /// Bytes sent plus received under one set of keys before this client starts a rekey (default 1 GiB).
    package var rekeyAfterBytes = 1 << 30

    package init(username: String, credential: SSHClientCredential, pin: SSHHostKeyFingerprint?) {
        self.username = username
        self.credential = credential
        self.pin = pin
    }
}

/// Inbound user events `SSHClientHandler` fires up the pipeline.
package enum SSHSessionEvent: Sendable {
    /// The subsystem was accepted: channel data may flow.
    case subsystemReady
}
