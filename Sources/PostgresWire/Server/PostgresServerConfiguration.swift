public import NIOCore
public import NIOSSL

/// The PostgreSQL endpoint's settings, each with a safe default.
public struct PostgresServerConfiguration: Sendable {
    /// The address to listen on (default loopback only) and the port (default 5433, clear of a local PostgreSQL).
    public var host: String
    public var port: Int
    /// Connections served at once; the next one gets FATAL 53300 "sorry, too many clients already" (default 100).
    public var maxConnections: Int
    /// The largest frontend message, length word included (default 64 MiB; PostgreSQL's own limit is 1 GiB). A
    /// longer one is a protocol violation that closes the connection.
    public var maxMessageSize: Int
    /// A session idle (outside a statement, waiting for the client) this long is closed with FATAL 57P05; nil
    /// never (default 1 hour).
    public var idleSessionTimeout: TimeAmount?
    /// Start-up and authentication must finish within this time (default 60 s, PostgreSQL's
    /// `authentication_timeout`).
    public var authenticationTimeout: TimeAmount
    /// TLS: with a context, SSLRequest is answered `S`; without, `N` (default none).
    public var tls: NIOSSLContext?
    /// Ask for a cleartext password instead of SCRAM-SHA-256 on TLS connections (never without TLS); default off.
    public var allowCleartextPassword: Bool
    /// Log in without a password (PostgreSQL's `trust`; default off): only for a server without credentials, which
    /// its operator keeps on loopback.
    public var trust = false
    /// The `server_version` reported at start-up.
    public var serverVersion: String
    /// DataRows are encoded into buffers of about this many bytes before each write (default 64 KiB).
    public var writeChunkSize: Int

    public init(
        host: String = "127.0.0.1", port: Int = 5433, maxConnections: Int = 100, maxMessageSize: Int = 64 << 20,
        idleSessionTimeout: TimeAmount? = .hours(1), authenticationTimeout: TimeAmount = .seconds(60),
        tls: NIOSSLContext? = nil, allowCleartextPassword: Bool = false, serverVersion: String = "15.0 (Outflow)",
        writeChunkSize: Int = 64 << 10
    ) {
        self.host = host
        self.port = port
        self.maxConnections = maxConnections
        self.maxMessageSize = maxMessageSize
        self.idleSessionTimeout = idleSessionTimeout
        self.authenticationTimeout = authenticationTimeout
        self.tls = tls
        self.allowCleartextPassword = allowCleartextPassword
        self.serverVersion = serverVersion
        self.writeChunkSize = writeChunkSize
    }
}
