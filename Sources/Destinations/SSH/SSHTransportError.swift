/// A failure of Outflow's SSH client transport: a stable code and a message that never carries a secret
/// (passwords, keys, session keys). Malformed input from the server always ends here, never in a crash.
struct SSHTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, stable across releases.
    enum Code: String, Sendable {
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
    }

    var code: Code
    var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    var description: String { message }

    static func malformed(_ what: String) -> SSHTransportError {
        SSHTransportError(.protocolViolation, "the SSH server sent a malformed \(what)")
    }
}
