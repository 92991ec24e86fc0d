import Exports
import Hummingbird
import Lake
import LandingZone
import Logging
import NIOPosix

/// Builds Outflow's HTTP application: the router with its middleware and every route.
public enum OutflowApplication {
    /// The request context every route uses.
    public typealias Context = BasicRequestContext

    /// The router: health check, catalog and batch ingestion, with logging, problem+json errors and
    /// (when `configuration.apiKey` is set) bearer authentication. Lake calls run on NIO's shared blocking
    /// pool; batch completions on `ingestPool` when given (the caller starts and shuts it down).
    public static func router(
        lake: Lake, configuration: OutflowConfiguration, ingestPool: NIOThreadPool? = nil,
        flowService: FlowServiceBackend? = nil
    ) -> Router<Context> {
        let router = Router(context: Context.self)
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: ProblemMiddleware())
        let landingZone = LandingZoneService.make(configuration)
        if let landingZone { router.add(middleware: LandingZoneMiddleware(service: landingZone)) }
        if let key = configuration.apiKey {
            router.add(middleware: APIKeyMiddleware(key: key))
        }
        router.get("/healthz") { _, _ in
            JSONResponse.raw(Array(#"{"status":"ok"}"#.utf8))
        }
        router.get("/openapi.yaml") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/yaml"
            return Response(
                status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
        let access = LakeAccess(lake: lake, ingestPool: ingestPool)
        CatalogRoutes<Context>(
            lake: access, maxJSONBytes: configuration.maxJSONBytes,
            exportGuard: flowService.map { DatasetExportGuard(store: $0.store) }
        )
        .register(on: router.group("/data/foundation/catalog"))
        IngestRoutes<Context>(
            lake: access, maxJSONBytes: configuration.maxJSONBytes,
            maxUploadBytes: configuration.maxUploadBytes
        ).register(on: router.group("/data/foundation/import"))
        if let landingZone {
            LandingZoneCredentialsRoutes<Context>(service: landingZone)
                .register(on: router.group("/data/foundation/connectors/landingzone"))
        }
        if let flowService {
            FlowServiceRoutes<Context>(
                access: FlowServiceAccess(backend: flowService, lake: access), maxJSONBytes: configuration.maxJSONBytes
            ).register(on: router.group("/data/foundation/flowservice"))
        }
        return router
    }

    /// The application serving `router(lake:configuration:)` on the configured host and port.
    public static func make(
        lake: Lake, configuration: OutflowConfiguration, ingestPool: NIOThreadPool? = nil,
        flowService: FlowServiceBackend? = nil, logger: Logger
    ) -> some ApplicationProtocol {
        Application(
            router: router(
                lake: lake, configuration: configuration, ingestPool: ingestPool, flowService: flowService),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "outflow"),
            logger: logger
        )
    }
}
