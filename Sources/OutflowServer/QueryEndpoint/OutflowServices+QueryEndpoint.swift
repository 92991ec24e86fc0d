import Lake
import Logging
import NIOPosix
import NIOSSL
import PostgresWire

extension OutflowServices {
    /// The PostgreSQL endpoint bound on `configuration.host:postgresPort` (nil when the port is `off`). Logins give the
    /// API key as the password; without an API key the endpoint trusts every login, as the HTTP API then does (the
    /// `ListenPolicy` keeps such a server on loopback unless `--insecure-no-auth`). `tls`: the HTTP application's
    /// certificate, offered to SSLRequest as well.
    func queryEndpoint(tls: NIOSSLContext?) async throws -> QueryEndpoint? {
        guard let port = configuration.postgresPort else { return nil }
        let endpointLogger = Logger(label: "outflow.postgres", level: configuration.logLevel)
        let lake = self.lake
        let services = self
        let sessions = QueryEndpointSessions(
            sandboxes: {
                try await NIOThreadPool.singleton.runIfActive { try lake.sandboxes().map(\.name) }
            },
            makeQuerySession: { sandbox in services.querySession(sandbox: sandbox) },
            logger: endpointLogger)
        let authenticator = ThrottledAuthenticator(
            inner: SharedPasswordAuthenticator(password: configuration.apiKey ?? ""), throttle: LoginThrottle(),
            logger: endpointLogger)
        var serverConfiguration = PostgresServerConfiguration(host: configuration.host, port: port, tls: tls)
        serverConfiguration.trust = configuration.apiKey == nil
        let server = try await PostgresServer.bind(
            configuration: serverConfiguration,
            sessions: sessions, authenticator: authenticator, logger: endpointLogger)
        logger.info(
            "PostgreSQL endpoint listening",
            metadata: [
                "address": "\(configuration.host):\(server.port)", "tls": "\(tls == nil ? "off" : "on")",
                "auth": "\(configuration.apiKey == nil ? "trust (no OUTFLOW_API_KEY)" : "scram-sha-256")",
            ])
        return QueryEndpoint(server: server, logger: endpointLogger)
    }
}

extension Logger {
    init(label: String, level: Logger.Level) {
        self.init(label: label)
        logLevel = level
    }
}
