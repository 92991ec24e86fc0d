import Foundation
import Hummingbird
import Journey

/// The journey's outputs beside reports: replay runs of a stitched connection
/// (`POST /data/connections/{id}/stitching/runs` → 202 with the queued run; `GET …/stitching/runs[/{runId}]`),
/// privacy deletions (`POST /data/connections/{id}/privacy/deletions` with `{"transientId": …}` → 201;
/// `GET …/privacy/deletions`) and full-table report exports (`POST /reports/exports` with `{"name": …, "report":
/// <Reporting API request>}` → 201 with the dataset). Errors are problem+json naming the field, as the journey
/// routes' are.
struct JourneyOutputRoutes<Context: RequestContext>: Sendable {
    let outputs: JourneyOutputs
    let maxJSONBytes: Int

    struct DeletionBody: Decodable {
        var transientId: String
    }

    struct ExportBody: Decodable {
        var name: String
        var report: JourneyRequest.Report
    }

    func register(data: RouterGroup<Context>, root: RouterGroup<Context>) {
        data.post("connections/:id/stitching/runs", use: startRun)
        data.get("connections/:id/stitching/runs", use: listRuns)
        data.get("connections/:id/stitching/runs/:runId", use: getRun)
        data.post("connections/:id/privacy/deletions", use: forget)
        data.get("connections/:id/privacy/deletions", use: listDeletions)
        root.post("reports/exports", use: exportReport)
    }

    /// Runs `body` on the outputs, its error as a problem.
    func call<T: Sendable>(_ body: (JourneyOutputs) async throws(JourneyError) -> T) async throws(Problem) -> T {
        do {
            return try await body(outputs)
        } catch {
            throw Problem(error)
        }
    }

    @Sendable func startRun(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        let sandbox = request.sandbox
        let run = try await call { o async throws(JourneyError) in
            try await o.stitching.startRun(connectionId: id, sandbox: sandbox)
        }
        var headers = HTTPFields()
        headers[.location] = "/data/connections/\(id)/stitching/runs/\(run.id)"
        return try JSONResponse.make(run, status: .accepted, headers: headers)
    }

    /// One page of what `items` lists for connection `:id`.
    func listing<Item: Encodable & Sendable>(
        _ request: Request, _ context: Context,
        _ items: (StitchingService, String, String) async throws(JourneyError) -> [Item]
    ) async throws -> Response {
        let id = try context.parameters.require("id")
        let (page, limit) = try JourneyPage<Item>.paging(request)
        let sandbox = request.sandbox
        let all = try await call { o async throws(JourneyError) in try await items(o.stitching, id, sandbox) }
        return try JSONResponse.make(JourneyPage(all, page: page, limit: limit))
    }

    @Sendable func listRuns(_ request: Request, context: Context) async throws -> Response {
        try await listing(request, context) { s, id, sandbox async throws(JourneyError) in
            try await s.runs(connectionId: id, sandbox: sandbox)
        }
    }

    @Sendable func getRun(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        let runId = try context.parameters.require("runId")
        let sandbox = request.sandbox
        let run = try await call { o async throws(JourneyError) in
            try await o.stitching.run(id: runId, connectionId: id, sandbox: sandbox)
        }
        return try JSONResponse.make(run)
    }

    @Sendable func forget(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        let body = try await JourneyRequest.decode(DeletionBody.self, request, limit: maxJSONBytes)
        let sandbox = request.sandbox
        let deletion = try await call { o async throws(JourneyError) in
            try await o.stitching.forget(connectionId: id, sandbox: sandbox, transientId: body.transientId)
        }
        return try JSONResponse.make(deletion, status: .created)
    }

    @Sendable func listDeletions(_ request: Request, context: Context) async throws -> Response {
        try await listing(request, context) { s, id, sandbox async throws(JourneyError) in
            try await s.deletions(connectionId: id, sandbox: sandbox)
        }
    }

    @Sendable func exportReport(_ request: Request, context: Context) async throws -> Response {
        let body = try await JourneyRequest.decode(ExportBody.self, request, limit: maxJSONBytes)
        let sandbox = request.sandbox
        let export = try await call { o async throws(JourneyError) in
            try await o.reports.export(body.report.request, name: body.name, sandbox: sandbox)
        }
        return try JSONResponse.make(export, status: .created)
    }
}
