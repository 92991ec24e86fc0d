import Hummingbird
import Journey

extension JourneyRoutes {
    @Sendable func listDataViews(_ request: Request, context: Context) async throws -> Response {
        let (page, limit) = try JourneyPage<DataView>.paging(request)
        let sandbox = request.sandbox
        let items = try await service.call { s async throws(JourneyError) in try await s.dataViews(sandbox: sandbox) }
        return try JSONResponse.make(JourneyPage(items, page: page, limit: limit))
    }

    @Sendable func createDataView(_ request: Request, context: Context) async throws -> Response {
        let body = try await JourneyRequest.decode(JourneyRequest.DataView.self, request, limit: maxJSONBytes)
        let sandbox = request.sandbox
        let created = try await service.call { s async throws(JourneyError) in
            try await s.createDataView(body.dataView, sandbox: sandbox)
        }
        return try Self.resource(
            created, version: created.version, status: .created, location: "/data/dataviews/\(created.id)")
    }

    @Sendable func getDataView(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        let sandbox = request.sandbox
        let found = try await service.call { s async throws(JourneyError) in
            try await s.dataViewById(id, sandbox: sandbox)
        }
        return try Self.resource(found, version: found.version)
    }

    @Sendable func putDataView(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        let sandbox = request.sandbox
        let service = self.service
        let version = try await Self.ifMatch(request) {
            try await service.call { s async throws(JourneyError) in try await s.dataViewById(id, sandbox: sandbox) }
                .version
        }
        let body = try await JourneyRequest.decode(JourneyRequest.DataView.self, request, limit: maxJSONBytes)
        let updated = try await service.call { s async throws(JourneyError) in
            try await s.updateDataView(body.dataView, id: id, sandbox: sandbox, ifMatch: version)
        }
        return try Self.resource(updated, version: updated.version)
    }

    @Sendable func deleteDataView(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        let sandbox = request.sandbox
        try await service.call { s async throws(JourneyError) in try await s.deleteDataView(id: id, sandbox: sandbox) }
        return Self.noContent()
    }

    /// `POST /reports`: CJA's Reporting API request, run by the report engine on the data view `dataId`.
    @Sendable func runReport(_ request: Request, context: Context) async throws -> Response {
        let body = try await JourneyRequest.decode(JourneyRequest.Report.self, request, limit: maxJSONBytes)
        let sandbox = request.sandbox
        let report = try await service.call { s async throws(JourneyError) in
            try await s.report(body.request, sandbox: sandbox)
        }
        return try JSONResponse.make(report)
    }
}
