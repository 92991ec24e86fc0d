import Hummingbird
import Journey

extension JourneyRoutes {
    @Sendable func listDataViews(_ request: Request, context: Context) async throws -> Response {
        try await listing(request) { s, sandbox async throws(JourneyError) in try await s.dataViews(sandbox: sandbox) }
    }

    @Sendable func createDataView(_ request: Request, context: Context) async throws -> Response {
        try await creating(request, JourneyRequest.DataView.self, base: "/data/dataviews/") {
            s, body, sandbox async throws(JourneyError) in try await s.createDataView(body.dataView, sandbox: sandbox)
        }
    }

    @Sendable func getDataView(_ request: Request, context: Context) async throws -> Response {
        try await reading(request, context) { s, id, sandbox async throws(JourneyError) in
            try await s.dataViewById(id, sandbox: sandbox)
        }
    }

    @Sendable func putDataView(_ request: Request, context: Context) async throws -> Response {
        try await replacing(
            request, context, JourneyRequest.DataView.self,
            current: { s, id, sandbox async throws(JourneyError) in try await s.dataViewById(id, sandbox: sandbox) },
            save: { s, body, id, sandbox, version async throws(JourneyError) in
                try await s.updateDataView(body.dataView, id: id, sandbox: sandbox, ifMatch: version)
            })
    }

    @Sendable func deleteDataView(_ request: Request, context: Context) async throws -> Response {
        try await deleting(request, context) { s, id, sandbox async throws(JourneyError) in
            try await s.deleteDataView(id: id, sandbox: sandbox)
        }
    }
}
