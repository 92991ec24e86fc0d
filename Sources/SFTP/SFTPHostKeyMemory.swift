package import SSH

/// Trust on first use, as OpenSSH's `StrictHostKeyChecking accept-new`: when no fingerprint is pinned, the first
/// host key a connection meets is remembered (by whoever keeps the connection's settings) and every later
/// connection must present the same key. A pin (`SFTPConfiguration.hostKeyFingerprint`) wins over it.
public struct SFTPHostKeyMemory: Sendable {
    /// The fingerprint remembered at an earlier first contact (`SHA256:...`), if any.
    public var remembered: String?
    /// Remembers the fingerprint presented at first contact and returns the one remembered afterwards: the
    /// presented one, or the one a concurrent first contact remembered before it (which then wins).
    public var remember: @Sendable (_ fingerprint: String) async throws -> String

    public init(remembered: String?, remember: @escaping @Sendable (_ fingerprint: String) async throws -> String) {
        self.remembered = remembered
        self.remember = remember
    }
}

/// Which host key a new connection accepts.
package enum SFTPHostKeyCheck: Sendable, Equatable {
    /// `hostKeyFingerprint` pins it.
    case pinned(SSHHostKeyFingerprint)
    /// Remembered at the connection's first contact.
    case remembered(SSHHostKeyFingerprint)
    /// Any key (first contact): remembered through `SFTPHostKeyMemory` when there is one.
    case firstContact

    /// The fingerprint the SSH handshake must see, if any.
    var expected: SSHHostKeyFingerprint? {
        switch self {
        case .pinned(let fingerprint), .remembered(let fingerprint): fingerprint
        case .firstContact: nil
        }
    }
}
