import Exports
import HTTPAPI
import Hummingbird
import Journey
import Lake
import LandingZone
public import Logging
import NIOPosix
import QueryService
import ServiceLifecycle
import UnixSignals

/// The composition root: opens the lake and runs the HTTP application in one `ServiceGroup` that shuts
/// down gracefully on SIGTERM and SIGINT.
public struct OutflowServer: Sendable {
    /// What to serve and where.
    public let configuration: OutflowConfiguration
    /// The root logger (its level set from the configuration).
    public let logger: Logger

    /// A server for `configuration`, logging to `logger` (bootstrapped by the caller).
    public init(configuration: OutflowConfiguration, logger: Logger) {
        self.configuration = configuration
        var logger = logger
        logger.logLevel = configuration.logLevel
        self.logger = logger
    }

    /// Serves until a shutdown signal arrives. Throws `ListenPolicy.Refusal` before opening anything when the
    /// configuration would serve without authentication on a non-loopback address, and
    /// `OutflowConfiguration.SettingError` when the TLS files or a landing-zone setting are unusable.
    public func run() async throws {
        try ListenPolicy.check(configuration)
        let tls = try await ServerTLS.load(configuration)
        let landingZoneSettings = try configuration.landingZoneSettings()
        let lake = try OutflowServices.openLake(configuration, logger: logger)
        // Fail at start-up (not silently later) when the landing zone's key is unusable.
        let account = try LandingZoneAccount.load(
            name: configuration.landingZoneAccount, keyBase64: configuration.landingZoneKey,
            keyPath: lake.layout.landingZoneKeyPath)
        if landingZoneSettings.bearerKey?.isKey(of: account) == true {
            throw OutflowConfiguration.SettingError(
                setting: "OUTFLOW_DLZ_BEARER_KEY",
                reason: "must be a key of its own, not the landing zone's account key")
        }
        if let zone = LandingZoneService.make(configuration) {
            let removed = await zone.sweepUncommitted()
            if removed > 0 {
                logger.info("discarded expired uncommitted landing-zone uploads", metadata: ["blobs": "\(removed)"])
            }
        }
        UploadSpool.removeLeftovers(in: lake.layout.uploadsRoot)
        // One completion at a time, beside (not in front of) the catalog calls on the shared pool.
        let ingestPool = NIOThreadPool(numberOfThreads: 1)
        ingestPool.start()
        let outflow = try OutflowServices(lake: lake, configuration: configuration, logger: logger)
        let flowService = outflow.flowService
        let queries = try outflow.queryRunner()
        let failed = try await queries.recoverInterrupted()
        if !failed.isEmpty { logger.info("marked \(failed.count) interrupted query(ies) FAILED") }
        let journey = try outflow.journey()
        let outputs = try outflow.journeyOutputs(journey: journey)
        let interrupted = try await outputs.stitching.recoverInterrupted()
        if interrupted > 0 { logger.info("marked \(interrupted) interrupted replay run(s) failed") }
        let exports = ExportService(
            backend: flowService, logger: logger,
            work: [QueryScheduler(runner: queries, logger: logger), outflow.stitchingScheduler(outputs.stitching)])
        let app = OutflowApplication.make(
            lake: lake, configuration: configuration, ingestPool: ingestPool, flowService: flowService,
            queries: queries, journey: journey, journeyOutputs: outputs, tls: tls, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: QueryJobService(runner: queries)), .init(service: StitchingRunService(outputs.stitching)),
            .init(service: exports), .init(service: app),
        ]
        if let endpoint = try await outflow.queryEndpoint(tls: tls?.context) {
            services.append(.init(service: endpoint))
        }
        // Started in order, shut down in reverse: the HTTP application stops before the export service.
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        logger.info(
            "outflow serving",
            metadata: [
                "address": "\(configuration.host):\(configuration.port)",
                "dataDirectory": "\(lake.dataDirectory)",
                "auth": "\(configuration.apiKey == nil ? "off" : "bearer")",
                "tls": "\(tls == nil ? "off" : "on")",
            ]
        )
        do {
            try await group.run()
        } catch {
            try? await ingestPool.shutdownGracefully()
            throw error
        }
        try await ingestPool.shutdownGracefully()
        logger.info("outflow stopped")
    }
}
