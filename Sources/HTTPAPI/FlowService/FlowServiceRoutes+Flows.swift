import Exports
import Foundation
import Hummingbird
import Lake
import NIOPosix

extension FlowServiceRoutes {
    func registerFlows(on group: RouterGroup<Context>) {
        group.post("sourceConnections", use: createSource)
        group.get("sourceConnections/:id", use: getSource)
        group.post("targetConnections", use: createTarget)
        group.get("targetConnections/:id", use: getTarget)
        group.post("flows", use: createFlow)
        group.get("flows", use: listFlows)
        group.get("flows/:id", use: getFlow)
        group.patch("flows/:id", use: patchFlow)
        group.delete("flows/:id", use: deleteFlow)
        group.post("flows/:id/runs", use: startRun)
        group.get("runs", use: listRuns)
        group.get("runs/:id", use: getRun)
    }

    @Sendable func createSource(_ request: Request, context: Context) async throws -> Response {
        let body = try await request.decodeJSON(FlowServiceRequest.Source.self, limit: maxJSONBytes)
        let source = SourceConnection(
            id: UUID().uuidString.lowercased(), sandbox: request.sandbox, datasetIds: body.datasetIds)
        let lake = access.lake.lake
        try await access.lake.pool.runIfActive { () throws in
            do throws(ExportsError) {
                try ExportValidator.validate(source, lake: lake)
            } catch {
                throw Problem(body.naming(error))
            }
        }
        try await access.withStore { store async throws(ExportsError) in try await store.saveSourceConnection(source) }
        return try Self.created(source.id, etag: FlowServiceResource.etag(source.id))
    }

    @Sendable func getSource(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        guard
            let source = try await access.withStore({ store async throws(ExportsError) in
                try await store.sourceConnection(id: id)
            }),
            source.sandbox == request.sandbox
        else { throw Problem.notFound("source connection '\(id)' not found") }
        return try JSONResponse.make(FlowServiceResource.Items(items: [FlowServiceResource.Source(source)]))
    }

    @Sendable func createTarget(_ request: Request, context: Context) async throws -> Response {
        let body = try await request.decodeJSON(FlowServiceRequest.Target.self, limit: maxJSONBytes)
        let target = body.target(id: UUID().uuidString.lowercased())
        let backend = access.backend
        try await access.async { () async throws(ExportsError) in try await backend.saveTargetConnection(target) }
        return try Self.created(target.id, etag: FlowServiceResource.etag(target.id))
    }

    @Sendable func getTarget(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        let found = try await access.withStore { store async throws(ExportsError) -> (TargetConnection, String)? in
            guard let target = try await store.targetConnection(id: id) else { return nil }
            let specId = try await store.baseConnection(id: target.baseConnectionId)?.connectionSpecId ?? ""
            return (target, specId)
        }
        guard let (target, specId) = found else { throw Problem.notFound("target connection '\(id)' not found") }
        return try JSONResponse.make(
            FlowServiceResource.Items(items: [FlowServiceResource.Target(target, connectionSpecId: specId)]))
    }

    /// The flow of an AEP flow body (`sourceConnectionIds`, `targetConnectionIds`, `scheduleParams`); both
    /// connections must exist.
    func flow(_ body: FlowServiceRequest.Flow, id: String, enabled: Bool = true) async throws -> Flow {
        let (sourceId, targetId) = (body.sourceConnectionId, body.targetConnectionId)
        let missing = try await access.withStore { store async throws(ExportsError) -> String? in
            if try await store.sourceConnection(id: sourceId) == nil { return "sourceConnectionIds[0]" }
            if try await store.targetConnection(id: targetId) == nil { return "targetConnectionIds[0]" }
            return nil
        }
        if let missing { throw Problem.badRequest("connection in '\(missing)' does not exist", field: missing) }
        return Flow(
            id: id, name: body.name, sourceConnectionId: sourceId, targetConnectionId: targetId,
            scheduleParams: body.schedule, enabled: try body.enabled(default: enabled))
    }

    @Sendable func createFlow(_ request: Request, context: Context) async throws -> Response {
        let body = try await request.decodeJSON(FlowServiceRequest.Flow.self, limit: maxJSONBytes)
        let flow = try await flow(body, id: UUID().uuidString.lowercased())
        let stored = try await access.withStore { store async throws(ExportsError) in try await store.saveFlow(flow) }
        return try Self.created(stored.id, etag: stored.etag)
    }

    func resource(_ flow: Flow) async throws -> FlowServiceResource.FlowResource {
        let specId = try await access.withStore { store async throws(ExportsError) -> String in
            guard let target = try await store.targetConnection(id: flow.targetConnectionId),
                let base = try await store.baseConnection(id: target.baseConnectionId)
            else { return "" }
            return ConnectionSpecCatalog.spec(id: base.connectionSpecId)?.flowSpecId ?? ""
        }
        return FlowServiceResource.FlowResource(flow, flowSpecId: specId)
    }

    @Sendable func listFlows(_ request: Request, context: Context) async throws -> Response {
        let (start, limit) = try request.paging()
        let filter = try PropertyFilter(request)
        var items: [FlowServiceResource.FlowResource] = []
        for flow in try await access.withStore({ store async throws(ExportsError) in try await store.flows() }) {
            items.append(try await resource(flow))
        }
        let matching = items.filter(filter.matches)
        let page = Array(matching.dropFirst(start).prefix(limit))
        return try JSONResponse.make(
            FlowServiceResource.Items(items: page), headers: CatalogRoutes<Context>.totalHeader(matching.count))
    }

    func requireFlow(_ id: String) async throws -> Flow {
        guard
            let flow = try await access.withStore({ store async throws(ExportsError) in try await store.flow(id: id) })
        else {
            throw Problem.notFound("flow '\(id)' not found")
        }
        return flow
    }

    @Sendable func getFlow(_ request: Request, context: Context) async throws -> Response {
        let flow = try await requireFlow(try context.parameters.require("id"))
        var headers = HTTPFields()
        headers[.eTag] = flow.etag
        return try JSONResponse.make(FlowServiceResource.Items(items: [try await resource(flow)]), headers: headers)
    }

    /// JSON Patch on the flow as the API shows it (`/name`, `/state`, `/scheduleParams/...`), with `If-Match`.
    @Sendable func patchFlow(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let ifMatch = request.headers[.ifMatch] else {
            throw Problem(
                status: .preconditionRequired, code: "PRECONDITION_REQUIRED",
                detail: "send the flow's etag in If-Match", field: "If-Match")
        }
        let current = try await requireFlow(id)
        let operations = try await request.jsonPatch(limit: maxJSONBytes)
        let document = try JSONPatch.apply(operations, to: JSONPatch.document(of: try await resource(current)))
        let flow = try await flow(try FlowServiceRequest.Flow(object: document), id: id, enabled: current.enabled)
        // `If-Match: *` matches any current version (RFC 9110); the flow exists, so it just saves.
        let expected = ifMatch.trimmingCharacters(in: .whitespaces) == "*" ? nil : ifMatch
        let stored = try await access.withStore { store async throws(ExportsError) in
            try await store.saveFlow(flow, ifMatch: expected)
        }
        return try Self.created(stored.id, etag: stored.etag, status: .ok)
    }

    @Sendable func deleteFlow(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        _ = try await requireFlow(id)
        try await access.withStore { store async throws(ExportsError) in try await store.deleteFlow(id: id) }
        return Response(status: .noContent)
    }
}
