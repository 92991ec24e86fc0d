import Lake
import Logging
import NIOPosix
import NIOSSL
import PostgresWire

extension OutflowServices {
    /// The PostgreSQL endpoint bound on `configuration.host:postgresPort` (nil when the port is `off`, or when there
    /// is no API key to check passwords against: then it is not started, and the log says so). `tls`: the HTTP
    /// application's certificate, offered to SSLRequest as well.
    func queryEndpoint(tls: NIOSSLContext?) async throws -> QueryEndpoint? {
        guard let port = configuration.postgresPort else { return nil }
        let endpointLogger = Logger(label: "outflow.postgres", level: configuration.logLevel)
        guard let apiKey = configuration.apiKey else {
            logger.notice(
                "PostgreSQL endpoint not started: it needs OUTFLOW_API_KEY as the password (or set OUTFLOW_PG_PORT=off)"
            )
            return nil
        }
        let lake = self.lake
        let services = self
        let sessions = QueryEndpointSessions(
            sandboxes: {
                try await NIOThreadPool.singleton.runIfActive { try lake.sandboxes().map(\.name) }
            },
            makeQuerySession: { sandbox in services.querySession(sandbox: sandbox) },
            logger: endpointLogger)
        let authenticator = ThrottledAuthenticator(
            inner: SharedPasswordAuthenticator(password: apiKey), throttle: LoginThrottle(), logger: endpointLogger)
        let server = try await PostgresServer.bind(
            configuration: PostgresServerConfiguration(host: configuration.host, port: port, tls: tls),
            sessions: sessions, authenticator: authenticator, logger: endpointLogger)
        logger.info(
            "PostgreSQL endpoint listening",
            metadata: ["address": "\(configuration.host):\(server.port)", "tls": "\(tls == nil ? "off" : "on")"])
        return QueryEndpoint(server: server, logger: endpointLogger)
    }
}

extension Logger {
    init(label: String, level: Logger.Level) {
        self.init(label: label)
        logLevel = level
    }
}
