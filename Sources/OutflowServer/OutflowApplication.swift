public import Exports
public import HTTPAPI
public import Hummingbird
public import Journey
public import Lake
import LandingZone
public import Logging
public import NIOPosix
public import QueryService

/// Builds Outflow's HTTP application from a configuration: the `HTTPAPI` router over the services the
/// composition root made, served on the configured host and port.
public enum OutflowApplication {
    /// The request context every route uses.
    public typealias Context = HTTPAPI.Context

    /// The router of `HTTPAPI` for `configuration` (its API key, body limits and landing-zone account).
    public static func router(
        lake: Lake, configuration: OutflowConfiguration, ingestPool: NIOThreadPool? = nil,
        flowService: FlowServiceBackend? = nil, queries: QueryJobRunner? = nil, journey: JourneyService? = nil,
        journeyOutputs: JourneyOutputs? = nil
    ) -> Router<Context> {
        HTTPAPI.router(
            lake: lake,
            settings: HTTPAPI.Settings(
                apiKey: configuration.apiKey, maxJSONBytes: configuration.maxJSONBytes,
                maxUploadBytes: configuration.maxUploadBytes),
            landingZone: LandingZoneService.make(configuration), ingestPool: ingestPool, flowService: flowService,
            queries: queries, journey: journey, journeyOutputs: journeyOutputs)
    }

    /// The application serving `router(lake:configuration:)` on the configured host and port, over TLS only when
    /// `tls` is given (`ServerTLS.load`).
    public static func make(
        lake: Lake, configuration: OutflowConfiguration, ingestPool: NIOThreadPool? = nil,
        flowService: FlowServiceBackend? = nil, queries: QueryJobRunner? = nil, journey: JourneyService? = nil,
        journeyOutputs: JourneyOutputs? = nil, tls: ServerTLS? = nil, logger: Logger
    ) -> some ApplicationProtocol {
        let router = router(
            lake: lake, configuration: configuration, ingestPool: ingestPool, flowService: flowService,
            queries: queries, journey: journey, journeyOutputs: journeyOutputs)
        let settings = ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: "outflow")
        guard let tls else { return Application(router: router, configuration: settings, logger: logger) }
        return Application(router: router, server: tls.server, configuration: settings, logger: logger)
    }
}
