/// A failure of Outflow's SSH client (transport, authentication, key and fingerprint parsing): a stable code
/// and a message that never carries a secret (passwords, keys, passphrases, session keys). Malformed input
/// from the server or in a key file always ends here, never in a crash. Callers decide on `code` and `field`,
/// never on the words of `message`.
public struct SSHError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, stable across releases.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The server broke the SSH protocol (malformed packet, bad MAC, unexpected message).
        case protocolViolation
        /// No algorithm in common with the server.
        case negotiation
        /// The host key signature did not verify, or the host key was refused.
        case hostKey
        /// Authentication did not succeed.
        case authentication
        /// The server sent SSH_MSG_DISCONNECT or closed the session channel.
        case disconnected
        /// The session channel or subsystem was refused.
        case channel
        /// A cryptographic primitive failed on our side.
        case crypto
        /// The private key to log in with cannot be used: not a key file, damaged, encrypted without the right
        /// passphrase, or of a kind or protection Outflow does not read (`field` names the parameter at fault).
        case invalidKey
        /// A host key pin that is not an OpenSSH `SHA256:` fingerprint.
        case invalidFingerprint
    }

    public var code: Code
    public var message: String
    /// The connection parameter at fault for `invalidKey` (`sshKey`, `sshKeyPassphrase`), when one is.
    public var field: String?
    /// The error this one was made from (a swift-crypto or SwiftASN1 error), kept for logs and callers; its text
    /// is not part of `message`.
    public var underlying: (any Error)?

    public init(_ code: Code, _ message: String, field: String? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.underlying = underlying
    }

    public var description: String { message }

    static func malformed(_ what: String) -> SSHError {
        SSHError(.protocolViolation, "the SSH server sent a malformed \(what)")
    }
}
