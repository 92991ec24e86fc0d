public import SSH

/// How to reach and authenticate to an SFTP server, and where exports go on it.
public struct SFTPConfiguration: Sendable {
    /// Host name or address (AEP `domain`).
    public var host: String
    /// TCP port (default 22).
    public var port: Int
    public var username: String
    public var credential: SFTPCredential
    /// The pinned host key fingerprint (`SHA256:...` as OpenSSH prints it); nil accepts the key remembered in
    /// `hostKeyMemory`, or at first contact any host key (remembered there, and logged).
    public var hostKeyFingerprint: String?
    /// Trust on first use when no fingerprint is pinned (OpenSSH's `accept-new`); nil remembers nothing.
    public var hostKeyMemory: SFTPHostKeyMemory?
    /// The folder on the server that object paths are relative to; absolute, or relative to the login folder.
    public var remotePath: String
    /// Limit for TCP connect plus SSH handshake and authentication.
    public var connectTimeout: Duration = .seconds(15)
    /// Limit for one SFTP request's reply; a stall longer than this drops the connection.
    public var requestTimeout: Duration = .seconds(30)
    /// Bytes per WRITE request (32 KiB is the size every SFTP server accepts).
    public var writeChunkSize: Int = 32 * 1024
    /// WRITE requests kept outstanding at once (pipelining).
    public var outstandingWrites: Int = 32
    /// Bounds on folder listings against a hostile server (100,000 entries per folder, 64 levels deep).
    public var listingLimits = SFTPListingLimits()
    /// Attempts of one `put` (each on a fresh connection after a dropped one).
    public var putAttempts: Int = 3
    /// Chooses the numeric address to connect to for `host` and `port` (the `Destinations` target checks it
    /// against the outbound policy here); nil lets NIO resolve `host` itself. A thrown error fails the
    /// `connect` step with that error as `underlying`.
    public var connectAddress: (@Sendable (_ host: String, _ port: Int) async throws -> String)?
    /// The SSH algorithms offered, in preference order (tests narrow them).
    package var sshPreferences = SSHAlgorithmPreferences()
    /// Bytes under one set of SSH keys before the client rekeys (1 GiB; tests lower it).
    package var sshRekeyAfterBytes = 1 << 30

    public init(
        host: String, port: Int = 22, username: String, credential: SFTPCredential,
        hostKeyFingerprint: String? = nil, remotePath: String
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.credential = credential
        self.hostKeyFingerprint = hostKeyFingerprint
        self.remotePath = remotePath
    }
}

/// A password or a private key. Its description never shows the secret.
public struct SFTPCredential: Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case password, privateKey
    }

    enum Storage: Sendable {
        case password(String)
        case privateKey(SSHPrivateKey)
    }

    let storage: Storage

    public var kind: Kind {
        switch storage {
        case .password: .password
        case .privateKey: .privateKey
        }
    }

    /// Password authentication.
    public static func password(_ password: String) -> SFTPCredential {
        SFTPCredential(storage: .password(password))
    }

    /// Public-key authentication with a private key file given base64-encoded (AEP's `sshKey`) or as the file
    /// text: OpenSSH (`openssh-key-v1`) or PEM (PKCS#1, SEC1, PKCS#8) ed25519, ECDSA or RSA (>= 2048 bits) keys,
    /// opened with `passphrase` when encrypted (Outflow's `sshKeyPassphrase`). Anything else is refused with
    /// `SSHError` `.invalidKey` saying why (see `SSHPrivateKey.parse(parameter:passphrase:)`).
    public static func privateKey(openSSH parameter: String, passphrase: String? = nil) throws(SSHError)
        -> SFTPCredential
    {
        SFTPCredential(storage: .privateKey(try SSHPrivateKey.parse(parameter: parameter, passphrase: passphrase)))
    }

    public var description: String { "SFTPCredential(\(kind.rawValue), redacted)" }
}
