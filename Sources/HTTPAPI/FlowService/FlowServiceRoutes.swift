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
        try JSONResponse.make(
            FlowServiceResource.Items(items: ConnectionSpecCatalog.all.map(FlowServiceConnectionSpecDocument.document)))
    }

    @Sendable func getConnectionSpec(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let spec = ConnectionSpecCatalog.spec(id: id) else {
            throw Problem.notFound("connection spec '\(id)' not found")
        }
        return try JSONResponse.make(
            FlowServiceResource.Items(items: [FlowServiceConnectionSpecDocument.document(spec)]))
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
        let resource = try await connectionResource(connection)
        return try JSONResponse.make(FlowServiceResource.Items(items: [resource]))
    }

    /// The resource of a base connection, with its remembered SFTP host key.
    func connectionResource(_ connection: BaseConnection) async throws -> FlowServiceResource.Connection {
        let remembered = try await rememberedHostKey(connection)
        return FlowServiceResource.Connection(connection, rememberedHostKey: remembered)
    }

    /// The SFTP host key remembered for `connection` (nil for other specs).
    func rememberedHostKey(_ connection: BaseConnection) async throws -> RememberedHostKey? {
        guard connection.connectionSpecId.lowercased() == ConnectionSpecCatalog.sftp else { return nil }
        return try await access.withStore { store async throws(ExportsError) in
            try await store.rememberedHostKey(connectionId: connection.id)
        }
    }

    /// JSON Patch on `/name`, `/auth/params/...` or `/encryption...`; credentials not sent are kept, unless the patch
    /// changes where they go (`CredentialRebinding`): then every stored secret must come again (400
    /// `CREDENTIALS_REQUIRED` naming the missing ones).
    @Sendable func patchConnection(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        var current = try await requireConnection(id)
        let operations = try await request.jsonPatch(limit: maxJSONBytes)
        current.authParams = try await access.withStore { store async throws(ExportsError) in
            try await store.credentials(connectionId: id)
        }
        let document = try JSONPatch.apply(operations, to: Self.patchDocument(current, params: current.authParams))
        let updated = try FlowServiceRequest.Connection(object: document).connection(id: id)
        try Self.requireResentSecrets(operations, current: current, updated: updated)
        try await access.withStore { store async throws(ExportsError) in try await store.saveBaseConnection(updated) }
        return try Self.created(id, etag: FlowServiceResource.etag(id), status: .ok)
    }

    /// The connection as a JSON Patch works on it: `name`, `connectionSpec.id`, `auth` with `params`, `encryption`.
    static func patchDocument(_ connection: BaseConnection, params: [String: String]) -> [String: JSONValue] {
        var document: [String: JSONValue] = [
            "name": .string(connection.name),
            "connectionSpec": .object(["id": .string(connection.connectionSpecId)]),
            "auth": .object([
                "specName": .string(connection.authSpecName), "params": .object(params.mapValues(JSONValue.string)),
            ]),
        ]
        document["encryption"] = FlowServiceEncryption.document(connection.encryption)
        return document
    }

    /// Refuses a patch that moves the credentials (a `routesSecrets` parameter or the spec changes) while keeping
    /// stored secrets it did not send: which secrets it sent is what it yields on the document without them.
    static func requireResentSecrets(_ operations: [JSONValue], current: BaseConnection, updated: BaseConnection)
        throws(Problem)
    {
        let secrets = Set(
            [current.connectionSpecId, updated.connectionSpecId].compactMap(ConnectionSpecCatalog.spec(id:))
                .flatMap(\.secretParameterNames))
        let withoutSecrets = current.authParams.filter { !secrets.contains($0.key) }
        let carried = try JSONPatch.apply(operations, to: patchDocument(current, params: withoutSecrets))
        let resent = Set(
            (carried["auth"]?.objectValue?["params"]?.objectValue ?? [:]).filter { !$0.value.text.isEmpty }.keys)
        let missing = CredentialRebinding.secretsToResend(before: current, after: updated, resent: resent)
        guard !missing.isEmpty else { return }
        let moved = CredentialRebinding.changedRoutingParameters(before: current, after: updated)
        throw Problem.credentialsRequired(moved: moved, missing: missing)
    }

    /// Writes, lists and deletes a probe object; the local folder needs `params.path` in the body, under an export
    /// root (400 naming `params.path` otherwise). An SFTP
    /// connection without a pin remembers the server's host key at its first contact (this test or a run) and
    /// the answer shows it (`rememberedHostKey`). Network destinations connect under the runner's outbound
    /// policy: a refused address fails the `connect` step.
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
        let hostKeys = try await access.withStore { store async throws(ExportsError) in
            try await store.hostKeyMemory(for: connection)
        }
        let resolved: ResolvedDestination
        do throws(ExportsError) {
            resolved = try ResolvedDestination.resolve(
                base: connection, target: target, landingZoneRoot: landingZoneRoot, hostKeys: hostKeys,
                outbound: access.backend.runner.outboundPolicy, localFolders: access.backend.runner.localFolderPolicy)
        } catch  where error.code == .destination {
            // The destination cannot be opened at this location: that is the probe's answer, not a server failure.
            let failure = DestinationError(error.retryable ? .transient : .io, error.message, path: target.path)
            return try JSONResponse.make(ConnectionTestReport(passed: [], failedStep: .write, error: failure))
        } catch {
            throw Problem(error)
        }
        let report = await resolved.destination.testConnection()
        let remembered = try await rememberedHostKey(connection)
        return try JSONResponse.make(FlowServiceResource.ConnectionTest(report: report, rememberedHostKey: remembered))
    }
}
