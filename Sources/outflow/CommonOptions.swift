import ArgumentParser
import Foundation
import Lake
import Logging
import OutflowServer

/// Options every command shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data directory (default ./.outflow, or env OUTFLOW_DATA_DIR).")
    var dataDirectory: String?

    @Option(name: .customLong("sandbox"), help: "Sandbox name.")
    var sandbox: String = "prod"

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    /// The configuration from these options and the environment.
    func configuration(host: String? = nil, port: Int? = nil) -> OutflowConfiguration {
        OutflowConfiguration.resolve(
            dataDirectory: dataDirectory, host: host, port: port, logLevel: logLevel,
            environment: ProcessInfo.processInfo.environment
        )
    }

    /// Bootstraps logging to stderr (once per process) and returns the root logger.
    func logger(_ configuration: OutflowConfiguration, defaultLevel: Logger.Level = .warning) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel =
                logLevel == nil && defaultLevel > configuration.logLevel ? defaultLevel : configuration.logLevel
            return handler
        }
        return Logger(label: "outflow")
    }

    /// Opens the lake, mapping failures to exit codes.
    func openLake(_ configuration: OutflowConfiguration, logger: Logger) throws -> Lake {
        try CLIFailure.mapping { () throws(LakeError) in try OutflowServices.openLake(configuration, logger: logger) }
    }
}
