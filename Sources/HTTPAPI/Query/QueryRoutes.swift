import Foundation
import Hummingbird
import QueryService

/// `/data/foundation/query`: AEP's Query Service API. `queries` run asynchronously on the `QueryJobRunner` (202
/// `SUBMITTED`, then `IN_PROGRESS` and `SUCCESS` | `FAILED` | `CANCELLED`); `schedules` run on the export
/// scheduler's loop (`QueryScheduler`). Every error is problem+json with a code.
struct QueryRoutes<Context: RequestContext>: Sendable {
    let runner: QueryJobRunner
    let maxJSONBytes: Int
    /// Wakes the scheduler loop after a schedule changed (the export run board's ring).
    let ring: @Sendable () -> Void

    func register(on group: RouterGroup<Context>) {
        group.post("queries", use: createQuery)
        group.get("queries", use: listQueries)
        group.get("queries/:id", use: getQuery)
        group.patch("queries/:id", use: patchQuery)
        group.delete("queries/:id", use: deleteQuery)
        group.post("schedules", use: createSchedule)
        group.get("schedules", use: listSchedules)
        group.get("schedules/:id", use: getSchedule)
        group.patch("schedules/:id", use: patchSchedule)
        group.delete("schedules/:id", use: deleteSchedule)
        group.get("schedules/:id/runs", use: listRuns)
        group.post("schedules/:id/runs", use: triggerRun)
        group.get("schedules/:id/runs/:runId", use: getRun)
        group.patch("schedules/:id/runs/:runId", use: patchRun)
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000) }

    /// The store call, any failure a 500 problem with a code.
    func store<T>(_ body: (any QueryJobStore) async throws -> T) async throws(Problem) -> T {
        do {
            return try await body(runner.store)
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem(status: .internalServerError, code: "QUERY_STORE", detail: "\(error)")
        }
    }

    static func checkSandbox(_ sandbox: String, _ request: Request, field: String) throws(Problem) {
        guard sandbox == request.sandbox else {
            throw Problem(
                status: .badRequest, code: "INVALID_DB_NAME",
                detail: "dbName names sandbox '\(sandbox)' but the request is for sandbox '\(request.sandbox)'",
                field: field)
        }
    }

    /// The query `id` of the request's sandbox, else 404.
    func requireJob(_ id: String, _ request: Request) async throws(Problem) -> QueryJob {
        guard let job = try await store({ try await $0.job(id: id) }), job.sandbox == request.sandbox else {
            throw Problem.notFound("query '\(id)' not found")
        }
        return job
    }

    @Sendable func createQuery(_ request: Request, context: Context) async throws -> Response {
        let body = try await request.decodeJSON(QueryRequest.Create.self, limit: maxJSONBytes)
        try Self.checkSandbox(body.sandbox, request, field: "dbName")
        let job = QueryJob(
            id: UUID().uuidString.lowercased(), sandbox: body.sandbox, request: body.request,
            effectiveSQL: body.effectiveSQL, isCTAS: body.isCTAS, isInsertInto: body.isInsertInto,
            created: Self.now())
        try await store { _ in try await runner.submit(job) }
        var headers = HTTPFields()
        headers[.location] = QueryResource.base + job.id
        return try JSONResponse.make(QueryResource(job), status: .accepted, headers: headers)
    }

    @Sendable func listQueries(_ request: Request, context: Context) async throws -> Response {
        let listing = try QueryListing(request, fields: ["created", "updated", "state", "id"])
        let excludeSoftDeleted = request.uri.queryParameters["excludeSoftDeleted"].map { $0 != "false" } ?? true
        let sandbox = request.sandbox
        let jobs = try await store { try await $0.jobs(sandbox: sandbox) }.filter { job in
            (!excludeSoftDeleted || !job.softDeleted)
                && listing.matches { field in
                    switch field {
                    case "created": String(job.created)
                    case "updated": String(job.updated)
                    case "state": job.state.rawValue
                    case "id": job.id
                    default: nil
                    }
                }
        }
        let page = listing.page(
            jobs, key: "queries", path: "/data/foundation/query/queries", created: \.created, updated: \.updated,
            resource: QueryResource.init)
        return try JSONResponse.make(page)
    }

    @Sendable func getQuery(_ request: Request, context: Context) async throws -> Response {
        let job = try await requireJob(try context.parameters.require("id"), request)
        return try JSONResponse.make(QueryResource(job))
    }

    /// AEP `PATCH /queries/{id}` with `{"op": "cancel"}` or `{"op": "soft_delete"}`: 202.
    @Sendable func patchQuery(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        let job = try await requireJob(id, request)
        let op = try await Self.operation(request, limit: maxJSONBytes, allowed: ["cancel", "soft_delete"])
        if op == "soft_delete" {
            _ = try await store { store in try await store.updateJob(id: job.id) { $0.softDeleted = true } }
            return try JSONResponse.make(
                QueryAcknowledgement(message: "Query soft delete request received"), status: .accepted)
        }
        return try await cancel(job)
    }

    /// `DELETE /queries/{id}` cancels the query (as `PATCH {"op": "cancel"}`).
    @Sendable func deleteQuery(_ request: Request, context: Context) async throws -> Response {
        let job = try await requireJob(try context.parameters.require("id"), request)
        return try await cancel(job)
    }

    func cancel(_ job: QueryJob) async throws -> Response {
        switch try await store({ _ in try await runner.cancel(id: job.id) }) {
        case .accepted:
            return try JSONResponse.make(
                QueryAcknowledgement(message: "Query cancel request received"), status: .accepted)
        case let .alreadyFinished(finished):
            throw Problem(
                status: .conflict, code: "QUERY_FINISHED",
                detail: "query '\(job.id)' already ended \(finished.state.rawValue); there is nothing to cancel")
        case .notFound:
            throw Problem.notFound("query '\(job.id)' not found")
        }
    }

    /// The `op` of a body `{"op": "..."}` (or AEP's JSON Patch form `{"body": [{"op": "replace", "path": "/state",
    /// "value": "..."}]}`, read by `patchSchedule`).
    static func operation(_ request: Request, limit: Int, allowed: [String]) async throws -> String {
        let buffer = try await request.body.collect(upTo: limit)
        let value = try JSONValue.decode(
            JSONValue.self, from: Data(buffer.readableBytesView), otherwise: .notAJSONObject)
        guard let object = value.objectValue else { throw Problem.notAJSONObject }
        guard let op = object["op"]?.stringValue, allowed.contains(op) else {
            throw Problem.badRequest("op must be one of \(allowed.joined(separator: ", "))", field: "op")
        }
        return op
    }
}
