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
        let body = try await request.jsonObject(limit: maxJSONBytes)
        let connection = try Self.baseConnection(body, id: UUID().uuidString.lowercased())
        try await access.withStore { store async throws(ExportsError) in try await store.saveBaseConnection(connection)
        }
        return try Self.created(connection.id, etag: FlowServiceResource.etag(connection.id))
    }

    static func baseConnection(_ body: [String: Any], id: String) throws(Problem) -> BaseConnection {
        let name = try FlowServiceJSON.string(body, "name")
        let specId = try FlowServiceJSON.reference(body, "connectionSpec")
        let auth = body["auth"] as? [String: Any] ?? [:]
        var params: [String: String] = [:]
        for (key, value) in auth["params"] as? [String: Any] ?? [:] {
            params[key] = value as? String ?? "\(value)"
        }
        return BaseConnection(
            id: id, name: name, connectionSpecId: specId.lowercased(),
            authSpecName: auth["specName"] as? String ?? "None", authParams: params,
            encryption: try FlowServiceEncryption.parse(body))
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
        let operations = try await request.jsonArray(limit: maxJSONBytes)
        let credentials = try await access.withStore { store async throws(ExportsError) in
            try await store.credentials(connectionId: id)
        }
        var document: [String: Any] = [
            "name": current.name, "connectionSpec": ["id": current.connectionSpecId],
            "auth": ["specName": current.authSpecName, "params": credentials],
        ]
        document["encryption"] = FlowServiceEncryption.document(current.encryption)
        document = try FlowServiceJSON.applyPatch(operations, to: document)
        let updated = try Self.baseConnection(document, id: id)
        try await access.withStore { store async throws(ExportsError) in try await store.saveBaseConnection(updated) }
        return try Self.created(id, etag: FlowServiceResource.etag(id), status: .ok)
    }

    /// Writes, lists and deletes a probe object; the local folder needs `params.path` in the body.
    @Sendable func testConnection(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        var connection = try await requireConnection(id)
        connection.authParams = try await access.withStore { store async throws(ExportsError) in
            try await store.credentials(connectionId: id)
        }
        let body = (try? await request.jsonObject(limit: maxJSONBytes)) ?? [:]
        let params = body["params"] as? [String: Any] ?? [:]
        let target = TargetConnection(
            id: "probe", baseConnectionId: id, path: params["path"] as? String ?? "", datasetFileType: .parquet,
            locationParams: try FlowServiceJSON.locationParams(params))
        let landingZoneRoot = access.lake.lake.layout.landingZoneRoot
        let resolved: ResolvedDestination
        do throws(ExportsError) {
            resolved = try ResolvedDestination.resolve(
                base: connection, target: target, landingZoneRoot: landingZoneRoot)
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

extension Request {
    /// The body parsed as a JSON array (JSON Patch), at most `limit` bytes.
    func jsonArray(limit: Int) async throws -> [Any] {
        let buffer = try await body.collect(upTo: limit)
        guard let array = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [Any] else {
            throw Problem.badRequest("the request body must be a JSON Patch array")
        }
        return array
    }
}
