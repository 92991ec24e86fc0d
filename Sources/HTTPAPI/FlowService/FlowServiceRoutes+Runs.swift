import Exports
import Foundation
import Hummingbird

extension FlowServiceRoutes {
    /// Ad-hoc run (`{}` or no body) or backfill (`{"backfill": {"startTime": s, "endTime": e}}`, epoch seconds):
    /// 202 with the queued run; the export service executes it. 409 while the flow has an unfinished run or is
    /// disabled.
    @Sendable func startRun(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        _ = try await requireFlow(id)
        let buffer = try await request.body.collect(upTo: maxJSONBytes)
        // No body is an ad-hoc run.
        let window =
            buffer.readableBytes > 0
            ? try FlowServiceRequest.Run.decode(Data(buffer.readableBytesView)).backfill : nil
        let backend = access.backend
        let run = try await access.async { () throws(ExportsError) in
            try await backend.enqueue(flowId: id, kind: window == nil ? .adHoc : .backfill, backfill: window)
        }
        var headers = HTTPFields()
        headers[.location] = "/data/foundation/flowservice/runs/\(run.id)"
        return try JSONResponse.make(
            FlowServiceResource.Items(items: [FlowServiceResource.Run(run, liveProgress: nil)]), status: .accepted,
            headers: headers)
    }

    /// Runs, newest first, paged; `property=flowId==...` (or any other top-level field) filters them.
    @Sendable func listRuns(_ request: Request, context: Context) async throws -> Response {
        let (start, limit) = try request.paging()
        let filter = try PropertyFilter(request)
        let flowId = filter.conditions.first(where: { $0.field == "flowId" && $0.equal })?.value
        let board = access.backend.board
        let runs = try await access.withStore { store async throws(ExportsError) in
            try await store.runsNewestFirst(flowId: flowId)
        }
        let matching = runs.map { FlowServiceResource.Run($0, liveProgress: board.progress(runId: $0.id)) }
            .filter(filter.matches)
        return try JSONResponse.make(
            FlowServiceResource.Items(items: Array(matching.dropFirst(start).prefix(limit))),
            headers: CatalogRoutes<Context>.totalHeader(matching.count))
    }

    @Sendable func getRun(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        let store = access.store
        guard let run = try await access.async({ () throws(ExportsError) in try await store.run(id: id) }) else {
            throw Problem.notFound("run '\(id)' not found")
        }
        let resource = FlowServiceResource.Run(run, liveProgress: access.backend.board.progress(runId: id))
        return try JSONResponse.make(FlowServiceResource.Items(items: [resource]))
    }

    /// AEP `POST /flows/{id}/action?op=enable|disable`: 200 `{id, etag}`.
    @Sendable func flowAction(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        let op = request.uri.queryParameters["op"].map(String.init)
        guard let op, op == "enable" || op == "disable" else {
            throw Problem.badRequest("'op' must be enable or disable", field: "op")
        }
        _ = try await requireFlow(id)
        let stored = try await access.withStore { store async throws(ExportsError) in
            try await store.setFlowEnabled(id: id, op == "enable")
        }
        if op == "enable" { access.backend.board.ring() }
        return try Self.created(stored.id, etag: stored.etag, status: .ok)
    }
}
