import Hummingbird
import Lake
import Logging
import ServiceLifecycle

/// The composition root: opens the lake and runs the HTTP application in one `ServiceGroup` that shuts
/// down gracefully on SIGTERM and SIGINT.
public struct OutflowServer: Sendable {
    public let configuration: OutflowConfiguration
    public let logger: Logger

    public init(configuration: OutflowConfiguration, logger: Logger) {
        self.configuration = configuration
        var logger = logger
        logger.logLevel = configuration.logLevel
        self.logger = logger
    }

    /// Opens the lake of `configuration` (creating the data directory if needed).
    public static func openLake(_ configuration: OutflowConfiguration, logger: Logger) throws(LakeError) -> Lake {
        try Lake(
            dataDirectory: configuration.dataDirectory,
            configuration: Lake.Configuration(faultPoint: configuration.faultPoint),
            logger: logger
        )
    }

    /// Serves until a shutdown signal arrives.
    public func run() async throws {
        let lake = try Self.openLake(configuration, logger: logger)
        let app = OutflowApplication.make(lake: lake, configuration: configuration, logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        logger.info(
            "outflow serving",
            metadata: [
                "address": "\(configuration.host):\(configuration.port)",
                "dataDirectory": "\(lake.dataDirectory)",
                "auth": "\(configuration.apiKey == nil ? "off" : "bearer")",
            ]
        )
        try await group.run()
        logger.info("outflow stopped")
    }
}
