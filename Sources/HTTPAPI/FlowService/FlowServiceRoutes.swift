import Destinations
import Exports
import Foundation
import Hummingbird
import Lake

/// `/data/foundation/flowservice`: AEP Flow Service resources for dataset exports (connection and flow specs,
/// exportable datasets, base/source/target connections, flows and runs). Lists are `{"items": [...]}`,
/// creates answer 201 `{"id", "etag"}`, errors are problem+json naming the field.
struct FlowServiceRoutes<Context: RequestContext>: Sendable {
    let access: FlowServiceAccess
    let maxJSONBytes: Int

    func register(on group: RouterGroup<Context>) {
        group.get("connectionSpecs", use: listConnectionSpecs)
        group.get("connectionSpecs/:id", use: getConnectionSpec)
        group.get("connectionSpecs/:id/configs", use: listExportableDatasets)
        group.get("flowSpecs", use: listFlowSpecs)
        group.post("connections", use: createConnection)
        group.get("connections/:id", use: getConnection)
        group.patch("connections/:id", use: patchConnection)
        group.post("connections/:id/test", use: testConnection)
        registerFlows(on: group)
        registerConnectionLifecycle(on: group)
    }

    @Sendable func listConnectionSpecs(_ request: Request, context: Context) async throws -> Response {
        try JSONResponse.make(FlowServiceResource.Items(items: ConnectionSpecCatalog.all))
    }

    @Sendable func getConnectionSpec(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let spec = ConnectionSpecCatalog.spec(id: id) else {
            throw Problem.notFound("connection spec '\(id)' not found")
        }
        return try JSONResponse.make(FlowServiceResource.Items(items: [spec]))
    }

    @Sendable func listFlowSpecs(_ request: Request, context: Context) async throws -> Response {
        let specs = ConnectionSpecCatalog.all.map {
            FlowServiceResource.FlowSpec(
                id: $0.flowSpecId, name: "\($0.name) dataset export", targetConnectionSpecIds: [$0.id])
        }
        return try JSONResponse.make(FlowServiceResource.Items(items: specs))
    }

    /// `GET /connectionSpecs/{dataLakeSpecId}/configs?outputType=activationDatasets&outputField=datasets`.
    @Sendable func listExportableDatasets(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        guard id.lowercased() == FlowServiceResource.dataLakeSpecId else {
            throw Problem.notFound("connection spec '\(id)' has no dataset configs")
        }
        for (name, expected) in [("outputType", "activationDatasets"), ("outputField", "datasets")] {
            guard request.uri.queryParameters[Substring(name)].map(String.init) == expected else {
                throw Problem.badRequest("'\(name)' must be '\(expected)'", field: name)
            }
        }
        let (start, limit) = try request.paging()
        let sandbox = request.sandbox
        let page = try await access.lake.run { lake throws(LakeError) in
            try lake.datasets(sandbox: sandbox, start: start, limit: limit)
        }
        var listing = FlowServiceResource.Items(items: page.items.map(DatasetResource.init))
        if start + page.items.count < page.total {
            listing._links.next = .init(
                href: "/data/foundation/flowservice/connectionSpecs/\(id)/configs?outputType=activationDatasets"
                    + "&outputField=datasets&start=\(start + page.items.count)&limit=\(limit)")
        }
        return try JSONResponse.make(listing, headers: CatalogRoutes<Context>.totalHeader(page.total))
    }

    @Sendable func createConnection(_ request: Request, context: Context) async throws -> Response {
        let body = try await request.decodeJSON(FlowServiceRequest.Connection.self, limit: maxJSONBytes)
        let connection = body.connection(id: UUID().uuidString.lowercased())
        try await access.withStore { store async throws(ExportsError) in try await store.saveBaseConnection(connection)
        }
        return try Self.created(connection.id, etag: FlowServiceResource.etag(connection.id))
    }

    static func created(_ id: String, etag: String, status: HTTPResponse.Status = .created) throws -> Response {
        var headers = HTTPFields()
        headers[.eTag] = etag
        return try JSONResponse.make(FlowServiceResource.Created(id: id, etag: etag), status: status, headers: headers)
    }

    func requireConnection(_ id: String) async throws -> BaseConnection {
        guard
            let connection = try await access.withStore({ store async throws(ExportsError) in
                try await store.baseConnection(id: id)
            })
        else { throw Problem.notFound("connection '\(id)' not found") }
        return connection
    }

    @Sendable func getConnection(_ request: Request, context: Context) async throws -> Response {
        let connection = try await requireConnection(try context.parameters.require("id"))
        return try JSONResponse.make(FlowServiceResource.Items(items: [FlowServiceResource.Connection(connection)]))
    }

    /// JSON Patch on `/name`, `/auth/params/...` or `/encryption...`; credentials not sent are kept.
    @Sendable func patchConnection(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        let current = try await requireConnection(id)
        let operations = try await request.jsonPatch(limit: maxJSONBytes)
        let credentials = try await access.withStore { store async throws(ExportsError) in
            try await store.credentials(connectionId: id)
        }
        var document: [String: JSONValue] = [
            "name": .string(current.name), "connectionSpec": .object(["id": .string(current.connectionSpecId)]),
            "auth": .object([
                "specName": .string(current.authSpecName), "params": .object(credentials.mapValues(JSONValue.string)),
            ]),
        ]
        document["encryption"] = FlowServiceEncryption.document(current.encryption)
        document = try JSONPatch.apply(operations, to: document)
        let updated = try FlowServiceRequest.Connection(object: document).connection(id: id)
        try await access.withStore { store async throws(ExportsError) in try await store.saveBaseConnection(updated) }
        return try Self.created(id, etag: FlowServiceResource.etag(id), status: .ok)
    }

    /// Writes, lists and deletes a probe object; the local folder needs `params.path` in the body. Network
    /// destinations connect under the runner's outbound policy: a refused address fails the `connect` step.
    @Sendable func testConnection(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        var connection = try await requireConnection(id)
        connection.authParams = try await access.withStore { store async throws(ExportsError) in
            try await store.credentials(connectionId: id)
        }
        let params = (try? await request.decodeJSON(FlowServiceRequest.Probe.self, limit: maxJSONBytes))?.params ?? [:]
        let target = TargetConnection(
            id: "probe", baseConnectionId: id, path: params["path"]?.stringValue ?? "", datasetFileType: .parquet,
            locationParams: try FlowServiceJSON.locationParams(params))
        let landingZoneRoot = access.lake.lake.layout.landingZoneRoot
        let resolved: ResolvedDestination
        do throws(ExportsError) {
            resolved = try ResolvedDestination.resolve(
                base: connection, target: target, landingZoneRoot: landingZoneRoot,
                outbound: access.backend.runner.outboundPolicy)
        } catch  where error.code == .destination {
            // The destination cannot be opened at this location: that is the probe's answer, not a server failure.
            let failure = DestinationError(error.retryable ? .transient : .io, error.message, path: target.path)
            return try JSONResponse.make(ConnectionTestReport(passed: [], failedStep: .write, error: failure))
        } catch {
            throw Problem(error)
        }
        let report = await resolved.destination.testConnection()
        return try JSONResponse.make(report)
    }
}
