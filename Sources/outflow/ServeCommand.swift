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
            besides public addresses). Stops gracefully on SIGTERM/SIGINT.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port: Int = 8080

    func run() async throws {
        let configuration = common.configuration(host: host, port: port)
        let logger = common.logger(configuration, defaultLevel: .info)
        do {
            try await OutflowServer(configuration: configuration, logger: logger).run()
        } catch let error as LakeError {
            CLIFailure.printError("error: \(error)")
            throw CLIFailure.exitCode(for: error)
        } catch let error as ExportsError {
            CLIFailure.printError("error: \(error.message)" + (error.field.map { " (\($0))" } ?? ""))
            throw CLIFailure.exitCode(for: error)
        }
    }
}
