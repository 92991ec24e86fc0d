import Foundation
import Hummingbird
import QueryService

extension QueryRoutes {
    func requireSchedule(_ id: String, _ request: Request) async throws(Problem) -> QuerySchedule {
        guard let schedule = try await store({ try await $0.schedule(id: id) }), schedule.sandbox == request.sandbox
        else { throw Problem.notFound("schedule '\(id)' not found") }
        return schedule
    }

    /// AEP `POST /schedules`: 202 with the schedule, enabled.
    @Sendable func createSchedule(_ request: Request, context: Context) async throws -> Response {
        let body = try await request.decodeJSON(QueryRequest.CreateSchedule.self, limit: maxJSONBytes)
        try Self.checkSandbox(body.sandbox, request, field: "query.dbName")
        let now = Self.now()
        let schedule = QuerySchedule(
            id: UUID().uuidString.lowercased(), sandbox: body.sandbox, query: body.query, datasetName: body.datasetName,
            cron: body.cron, startDate: body.startDate ?? now, endDate: body.endDate, created: now)
        try await store { try await $0.saveSchedule(schedule) }
        ring()
        var headers = HTTPFields()
        headers[.location] = "/data/foundation/query/schedules/" + schedule.id
        return try JSONResponse.make(ScheduleResource(schedule), status: .accepted, headers: headers)
    }

    @Sendable func listSchedules(_ request: Request, context: Context) async throws -> Response {
        let listing = try QueryListing(request, fields: ["created", "state", "id"])
        let sandbox = request.sandbox
        let schedules = try await store { try await $0.schedules(sandbox: sandbox) }.filter { schedule in
            listing.matches { field in
                switch field {
                case "created": String(schedule.created)
                case "state": schedule.state.rawValue
                case "id": schedule.id
                default: nil
                }
            }
        }
        let page = listing.page(
            schedules, key: "schedules", path: "/data/foundation/query/schedules", created: \.created,
            updated: \.updated, resource: ScheduleResource.init)
        return try JSONResponse.make(page)
    }

    @Sendable func getSchedule(_ request: Request, context: Context) async throws -> Response {
        let schedule = try await requireSchedule(try context.parameters.require("id"), request)
        return try JSONResponse.make(ScheduleResource(schedule))
    }

    /// AEP `PATCH /schedules/{id}`: `{"body": [{"op": "replace", "path": "/state", "value": "enable"|"disable"}]}`
    /// or `{"path": "/schedule/schedule", "value": "<cron>"}` operations, or the `_links` form `{"op": "enable"}`.
    @Sendable func patchSchedule(_ request: Request, context: Context) async throws -> Response {
        var schedule = try await requireSchedule(try context.parameters.require("id"), request)
        let buffer = try await request.body.collect(upTo: maxJSONBytes)
        let value = try JSONValue.decode(
            JSONValue.self, from: Data(buffer.readableBytesView), otherwise: .notAJSONObject)
        guard let object = value.objectValue else { throw Problem.notAJSONObject }
        var operations: [(path: String, value: String, field: String)] = []
        if let op = object["op"]?.stringValue, op == "enable" || op == "disable" {
            operations.append(("/state", op, "op"))
        } else if let body = object["body"]?.arrayValue, !body.isEmpty {
            for (index, item) in body.enumerated() {
                let field = "body[\(index)]"
                guard let item = item.objectValue, item["op"]?.stringValue == "replace",
                    let path = item["path"]?.stringValue, let text = item["value"]?.stringValue
                else {
                    throw Problem.badRequest(
                        "each operation is {\"op\": \"replace\", \"path\": \"/state\" | \"/schedule/schedule\", \"value\": string}",
                        field: field)
                }
                operations.append((path, text, field + ".value"))
            }
        } else {
            throw Problem.badRequest(
                "the body is {\"op\": \"enable\" | \"disable\"} or {\"body\": [JSON Patch replace operations]}",
                field: "body")
        }
        for operation in operations {
            switch operation.path {
            case "/state":
                switch operation.value.lowercased() {
                case "enable", "enabled": schedule.state = .enabled
                case "disable", "disabled": schedule.state = .disabled
                default: throw Problem.badRequest("the state value is enable or disable", field: operation.field)
                }
            case "/schedule/schedule":
                schedule.cron = try QueryRequest.cron(.string(operation.value), field: operation.field)
            default:
                throw Problem.badRequest("path must be /state or /schedule/schedule", field: operation.field)
            }
        }
        schedule.updated = Self.now()
        let saved = schedule
        try await store { try await $0.saveSchedule(saved) }
        ring()
        return try JSONResponse.make(QueryAcknowledgement(message: "Request to patch accepted"), status: .accepted)
    }

    /// AEP `DELETE /schedules/{id}`: only a disabled schedule (409 `SCHEDULE_ENABLED` otherwise). Its runs stay.
    @Sendable func deleteSchedule(_ request: Request, context: Context) async throws -> Response {
        let schedule = try await requireSchedule(try context.parameters.require("id"), request)
        guard schedule.state == .disabled else {
            throw Problem(
                status: .conflict, code: "SCHEDULE_ENABLED",
                detail: "schedule '\(schedule.id)' must be disabled before it is deleted")
        }
        _ = try await store { try await $0.deleteSchedule(id: schedule.id) }
        return try JSONResponse.make(QueryAcknowledgement(message: "Schedule deleted successfully"), status: .accepted)
    }

    @Sendable func listRuns(_ request: Request, context: Context) async throws -> Response {
        let schedule = try await requireSchedule(try context.parameters.require("id"), request)
        let listing = try QueryListing(request, fields: ["created", "state", "externalTrigger"])
        let runs = try await store { try await $0.jobs(scheduleId: schedule.id) }.filter { job in
            listing.matches { field in
                switch field {
                case "created": String(job.created)
                case "state": job.state.rawValue
                case "externalTrigger": job.externalTrigger ? "true" : "false"
                default: nil
                }
            }
        }
        let page = listing.page(
            runs, key: "runsSchedules", path: "/data/foundation/query/schedules/\(schedule.id)/runs",
            created: \.created, updated: \.updated, resource: { ScheduleRunResource($0, scheduleId: schedule.id) })
        return try JSONResponse.make(page)
    }

    /// AEP `POST /schedules/{id}/runs`: runs the scheduled query now (202).
    @Sendable func triggerRun(_ request: Request, context: Context) async throws -> Response {
        let schedule = try await requireSchedule(try context.parameters.require("id"), request)
        let job = try await store { _ in
            try await runner.scheduledJob(schedule, slot: nil, externalTrigger: true, now: Self.now())
        }
        try await store { _ in try await runner.submit(job) }
        var headers = HTTPFields()
        headers[.location] = "/data/foundation/query/schedules/\(schedule.id)/runs/\(job.id)"
        return try JSONResponse.make(
            QueryAcknowledgement(message: "Request to trigger run of a scheduled query accepted."), status: .accepted,
            headers: headers)
    }

    func requireRun(_ request: Request, context: Context) async throws -> (QuerySchedule, QueryJob) {
        let schedule = try await requireSchedule(try context.parameters.require("id"), request)
        let runId = try context.parameters.require("runId")
        guard let job = try await store({ try await $0.job(id: runId) }), job.scheduleId == schedule.id else {
            throw Problem.notFound("run '\(runId)' of schedule '\(schedule.id)' not found")
        }
        return (schedule, job)
    }

    @Sendable func getRun(_ request: Request, context: Context) async throws -> Response {
        let (schedule, job) = try await requireRun(request, context: context)
        return try JSONResponse.make(ScheduleRunResource(job, scheduleId: schedule.id))
    }

    /// AEP `PATCH /schedules/{id}/runs/{runId}` with `{"op": "cancel"}` (202), or `{"op": "trigger"}`: run the
    /// schedule again now.
    @Sendable func patchRun(_ request: Request, context: Context) async throws -> Response {
        let (schedule, job) = try await requireRun(request, context: context)
        let op = try await Self.operation(request, limit: maxJSONBytes, allowed: ["cancel", "trigger"])
        if op == "trigger" {
            let next = try await store { _ in
                try await runner.scheduledJob(schedule, slot: nil, externalTrigger: true, now: Self.now())
            }
            try await store { _ in try await runner.submit(next) }
            return try JSONResponse.make(
                QueryAcknowledgement(message: "Request to trigger run of a scheduled query accepted."),
                status: .accepted)
        }
        switch try await store({ _ in try await runner.cancel(id: job.id) }) {
        case .accepted:
            return try JSONResponse.make(
                QueryAcknowledgement(message: "Request to cancel run of a scheduled query accepted"),
                status: .accepted)
        case let .alreadyFinished(finished):
            throw Problem(
                status: .conflict, code: "QUERY_FINISHED",
                detail: "run '\(job.id)' already ended \(finished.state.rawValue); there is nothing to cancel")
        case .notFound:
            throw Problem.notFound("run '\(job.id)' not found")
        }
    }
}
