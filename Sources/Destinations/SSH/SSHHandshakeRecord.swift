import Synchronization

/// What happened during one SSH handshake, so a failure can name its step (host key, auth) and the
/// fingerprint the server showed. Written by `SSHClientHandler` on the event loop, read after the handshake.
final class SSHHandshakeRecord: Sendable {
    struct State: Sendable {
        var fingerprint: SSHHostKeyFingerprint?
        var hostKeyMismatch = false
        /// Why authentication failed, in words safe to show (never the credential).
        var authFailure: String?
        /// Userauth succeeded.
        var authenticated = false
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

    init() {}

    var snapshot: State { state.withLock { $0 } }

    func update(_ body: (inout State) -> Void) {
        state.withLock { body(&$0) }
    }
}

/// What `SSHClientHandler` needs to run a session: who to log in as, with what, which host key to accept
/// and which subsystem to start.
struct SSHClientSettings: Sendable {
    var username: String
    var credential: SSHClientCredential
    /// The pinned host key fingerprint; nil accepts any host key (its fingerprint is recorded).
    var pin: SSHHostKeyFingerprint?
    var subsystem = "sftp"
    var preferences = SSHAlgorithmPreferences()
    /// Bytes sent plus received under one set of keys before this client starts a rekey (default 1 GiB).
    var rekeyAfterBytes = 1 << 30
}

/// Inbound user events `SSHClientHandler` fires up the pipeline.
enum SSHSessionEvent: Sendable {
    /// The subsystem was accepted: channel data may flow.
    case subsystemReady
}
