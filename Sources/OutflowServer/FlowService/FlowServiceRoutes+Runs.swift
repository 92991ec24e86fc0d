import Exports
import Hummingbird

extension FlowServiceRoutes {
    /// Ad-hoc run: 202 with the run id; the export continues in the background.
    @Sendable func startRun(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        _ = try await requireFlow(id)
        let launcher = access.backend.launcher
        let run = try await access.async { () throws(ExportsError) in try await launcher.start(flowId: id) }
        var headers = HTTPFields()
        headers[.location] = "/data/foundation/flowservice/runs/\(run.id)"
        return try JSONResponse.make(
            FlowServiceResource.Items(items: [FlowServiceResource.Run(run, liveProgress: nil)]), status: .accepted,
            headers: headers)
    }

    /// Runs of the flow named by `property=flowId==...` (required), oldest first, paged.
    @Sendable func listRuns(_ request: Request, context: Context) async throws -> Response {
        let (start, limit) = try request.paging()
        let filter = try PropertyFilter(request)
        guard let flowId = filter.conditions.first(where: { $0.field == "flowId" && $0.equal })?.value else {
            throw Problem.badRequest("filter runs with property=flowId==<flow id>", field: "property")
        }
        let store = access.store
        let launcher = access.backend.launcher
        let runs = try await access.async { () throws(ExportsError) in try await store.runs(flowId: flowId) }
        let matching = runs.map { FlowServiceResource.Run($0, liveProgress: launcher.progress(runId: $0.id)) }
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
        let resource = FlowServiceResource.Run(run, liveProgress: access.backend.launcher.progress(runId: id))
        return try JSONResponse.make(FlowServiceResource.Items(items: [resource]))
    }
}
