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
        try CLIFailure.mapping { () throws(LakeError) in try OutflowServer.openLake(configuration, logger: logger) }
    }
}

/// Reports a failure on stderr and turns it into the CLI's exit codes.
enum CLIFailure {
    static let rejected = ExitCode(3)
    static let notFound = ExitCode(4)

    /// The exit code for a lake error: 4 not found, 3 rejected input, 1 otherwise.
    static func exitCode(for error: LakeError) -> ExitCode {
        switch error.code {
        case .notFound: return notFound
        case .invalidSchema, .invalidInput, .ingestionFailed, .alreadyExists, .conflict, .batchNotLoading:
            return rejected
        case .storage, .catalog: return .failure
        }
    }

    /// Runs `body`, printing a lake error to stderr and exiting with its code.
    static func mapping<T>(_ body: () throws(LakeError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            printError("error: \(error)")
            throw exitCode(for: error)
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
