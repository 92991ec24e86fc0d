import Logging
import PostgresWire
import ServiceLifecycle

/// The Query Service's PostgreSQL endpoint as a service of `outflow serve`'s group: binds on start, serves until
/// graceful shutdown, then stops accepting (open sessions end with the process).
struct QueryEndpoint: Service {
    let server: PostgresServer
    let logger: Logger

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await server.run()
        } onGracefulShutdown: {
            Task { try? await server.close() }
        }
    }
}

/// Logs failed logins and pauses before their connection closes (`LoginThrottle`).
struct ThrottledAuthenticator: WireAuthenticator {
    let inner: SharedPasswordAuthenticator
    let throttle: LoginThrottle
    let logger: Logger

    func verifier(user: String, database: String) async -> SCRAMVerifier? {
        await inner.verifier(user: user, database: database)
    }

    func loginFailed(user: String, database: String, remoteAddress: String?, error: WireError) async {
        let delay = throttle.failed(address: remoteAddress ?? "unknown", at: .now)
        logger.warning(
            "postgres login failed",
            metadata: [
                "user": "\(user)", "database": "\(database)", "remote": "\(remoteAddress ?? "unknown")",
                "sqlstate": "\(error.sqlState)",
                "pause": "\(delay)",
            ])
        try? await Task.sleep(for: delay)
    }
}
