import ArgumentParser
import Exports
import Lake
import Logging
import OutflowServer

/// `outflow serve`: runs the HTTP API until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (catalog, batch ingestion, health).",
        discussion: """
            Env: OUTFLOW_API_KEY (require "Authorization: Bearer <key>"), OUTFLOW_DATA_DIR, OUTFLOW_LOG_LEVEL, \
            OUTFLOW_MAX_UPLOAD_BYTES, OUTFLOW_OUTBOUND_ALLOW (CIDRs or host names destinations may reach \
            besides public addresses), OUTFLOW_TLS_CERT / OUTFLOW_TLS_KEY (PEM files: serve HTTPS only), \
            OUTFLOW_DLZ_SAS_TTL, OUTFLOW_DLZ_MAX_UNCOMMITTED_BLOCKS, OUTFLOW_DLZ_MAX_UNCOMMITTED_BYTES, \
            OUTFLOW_DLZ_BEARER_KEY, OUTFLOW_EXPORT_ROOTS (comma-separated folders local-folder exports may write \
            under; default <data>/exports), OUTFLOW_SECRETS_KEY or OUTFLOW_SECRETS_KEY_FILE (the credential key; \
            default <data>/secrets.key) (SECURITY.md). A malformed setting or unusable TLS file exits 2. \
            Without OUTFLOW_API_KEY it listens only on a loopback address (127.0.0.0/8, \
            ::1, localhost) unless --insecure-no-auth is given (exit 2 otherwise). Stops gracefully on SIGTERM/SIGINT.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port: Int = 8080

    @Option(
        name: .customLong("pg-port"),
        help:
            "Port of the PostgreSQL endpoint on --host: 0-65535 (0 picks a free one) or 'off' (or env OUTFLOW_PG_PORT; default 5433)."
    )
    var postgresPort: String?

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain: serve HTTPS (or env OUTFLOW_TLS_CERT).")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key of --tls-cert (or env OUTFLOW_TLS_KEY).")
    var tlsKey: String?

    @Flag(
        name: .customLong("insecure-no-auth"),
        help: "Serve on a non-loopback address although OUTFLOW_API_KEY is not set (every request unauthenticated).")
    var insecureNoAuth = false

    func run() async throws {
        var configuration = common.configuration(host: host, port: port)
        configuration.insecureNoAuth = insecureNoAuth
        if let postgresPort, !configuration.setPostgresPort(postgresPort) {
            CLIFailure.printError("error: --pg-port must be a port (0-65535) or 'off', not '\(postgresPort)'")
            throw ExitCode(2)
        }
        if let tlsCertificate { configuration.tlsCertificatePath = tlsCertificate }
        if let tlsKey { configuration.tlsKeyPath = tlsKey }
        // Decided before the lake is opened or a socket bound: no key, no network.
        do throws(ListenPolicy.Refusal) {
            try ListenPolicy.check(configuration)
        } catch {
            CLIFailure.printError("error: \(error)")
            throw ExitCode(2)
        }
        let logger = common.logger(configuration, defaultLevel: .info)
        if configuration.apiKey == nil && !ListenPolicy.isLoopback(configuration.host) {
            logger.warning(
                "serving without authentication on a non-loopback address (--insecure-no-auth)",
                metadata: ["address": "\(configuration.host):\(configuration.port)"])
        }
        do {
            try await OutflowServer(configuration: configuration, logger: logger).run()
        } catch let error as OutflowConfiguration.SettingError {
            CLIFailure.printError("error: \(error)")
            throw ExitCode(2)
        } catch let error as LakeError {
            CLIFailure.printError("error: \(error)")
            throw CLIFailure.exitCode(for: error)
        } catch let error as ExportsError {
            CLIFailure.printError("error: \(error.message)" + (error.field.map { " (\($0))" } ?? ""))
            throw CLIFailure.exitCode(for: error)
        }
    }
}
