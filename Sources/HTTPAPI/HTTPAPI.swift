package import Exports
public import Hummingbird
package import Journey
package import Lake
package import LandingZone
package import NIOPosix
package import QueryService

/// Outflow's HTTP API: the router with its middleware and every route group (catalog, ingestion, flow service,
/// landing-zone credentials; later query, journey, governance, UI). The composition root (`OutflowServer`)
/// builds the services and hands them in; this target builds nothing but routes.
public enum HTTPAPI {
    /// The request context every route uses.
    public typealias Context = BasicRequestContext

    /// What the routes need to know of the configuration.
    public struct Settings: Sendable {
        /// With a key, every route but `/healthz` and `/openapi.yaml` needs `Authorization: Bearer <key>`.
        public var apiKey: String?
        /// The largest JSON request body read.
        public var maxJSONBytes: Int
        /// The largest uploaded file.
        public var maxUploadBytes: Int

        public init(apiKey: String?, maxJSONBytes: Int, maxUploadBytes: Int) {
            self.apiKey = apiKey
            self.maxJSONBytes = maxJSONBytes
            self.maxUploadBytes = maxUploadBytes
        }
    }

    /// The router: health check, OpenAPI document, catalog and batch ingestion, the Data Landing Zone, the Flow
    /// Service, the Query Service and the journey APIs (CJA's connections, data views and reports) when given, with
    /// logging, problem+json errors and (with an API key) bearer authentication. Lake calls run on NIO's shared
    /// blocking pool; batch completions on `ingestPool` when given (the caller starts and shuts it down).
    package static func router(
        lake: Lake, settings: Settings, landingZone: LandingZoneService?, ingestPool: NIOThreadPool? = nil,
        flowService: FlowServiceBackend? = nil, queries: QueryJobRunner? = nil, journey: JourneyService? = nil,
        journeyOutputs: JourneyOutputs? = nil
    ) -> Router<Context> {
        let router = Router(context: Context.self)
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: ProblemMiddleware())
        if let landingZone { router.add(middleware: LandingZoneMiddleware(service: landingZone)) }
        if let key = settings.apiKey {
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
        let queryStore = queries?.store as? any QueryStore
        CatalogRoutes<Context>(
            lake: access, maxJSONBytes: settings.maxJSONBytes,
            exportGuard: flowService.map { DatasetExportGuard(store: $0.store) }, queryStore: queryStore
        )
        .register(on: router.group("/data/foundation/catalog"))
        IngestRoutes<Context>(
            lake: access, maxJSONBytes: settings.maxJSONBytes, maxUploadBytes: settings.maxUploadBytes
        ).register(on: router.group("/data/foundation/import"))
        if let landingZone {
            LandingZoneCredentialsRoutes<Context>(service: landingZone)
                .register(on: router.group("/data/foundation/connectors/landingzone"))
        }
        if let flowService {
            FlowServiceRoutes<Context>(
                access: FlowServiceAccess(backend: flowService, lake: access), maxJSONBytes: settings.maxJSONBytes
            ).register(on: router.group("/data/foundation/flowservice"))
        }
        if let queries {
            let board = flowService?.board
            QueryRoutes<Context>(runner: queries, maxJSONBytes: settings.maxJSONBytes, ring: { board?.ring() })
                .register(on: router.group("/data/foundation/query"))
        }
        if let journey {
            JourneyRoutes<Context>(service: journey, maxJSONBytes: settings.maxJSONBytes)
                .register(data: router.group("/data"), root: router.group(""))
        }
        if let journeyOutputs {
            JourneyOutputRoutes<Context>(outputs: journeyOutputs, maxJSONBytes: settings.maxJSONBytes)
                .register(data: router.group("/data"), root: router.group(""))
        }
        return router
    }
}
