import Hummingbird
import Journey

extension CalculatedMetric: JourneyResource {}

extension JourneyRequest {
    /// `POST /calculatedmetrics`, `PUT /calculatedmetrics/{id}`.
    typealias CalculatedMetric = CalculatedMetricDraft
}

/// CJA's Calculated Metrics API: `GET /calculatedmetrics` (`limit`, `page`, optional `dataIds`), `POST`, and
/// `GET`/`PUT` (with `If-Match`)/`DELETE /calculatedmetrics/{id}`.
extension JourneyRoutes {
    func registerCalculatedMetrics(on root: RouterGroup<Context>) {
        root.get("calculatedmetrics", use: listCalculatedMetrics)
        root.post("calculatedmetrics", use: createCalculatedMetric)
        root.get("calculatedmetrics/:id", use: getCalculatedMetric)
        root.put("calculatedmetrics/:id", use: putCalculatedMetric)
        root.delete("calculatedmetrics/:id", use: deleteCalculatedMetric)
    }

    @Sendable func listCalculatedMetrics(_ request: Request, context: Context) async throws -> Response {
        let dataIds = request.uri.queryParameters["dataIds"].map { text in
            Set(text.split(separator: ",").map { String($0) })
        }
        return try await listing(request) { s, sandbox async throws(JourneyError) in
            try await s.calculatedMetrics(sandbox: sandbox).filter { dataIds?.contains($0.dataId) ?? true }
        }
    }

    @Sendable func createCalculatedMetric(_ request: Request, context: Context) async throws -> Response {
        try await creating(request, JourneyRequest.CalculatedMetric.self, base: "/calculatedmetrics/") {
            s, body, sandbox async throws(JourneyError) in
            try await s.createCalculatedMetric(body.metric, sandbox: sandbox)
        }
    }

    @Sendable func getCalculatedMetric(_ request: Request, context: Context) async throws -> Response {
        try await reading(request, context) { s, id, sandbox async throws(JourneyError) in
            try await s.calculatedMetric(id: id, sandbox: sandbox)
        }
    }

    @Sendable func putCalculatedMetric(_ request: Request, context: Context) async throws -> Response {
        try await replacing(
            request, context, JourneyRequest.CalculatedMetric.self,
            current: { s, id, sandbox async throws(JourneyError) in
                try await s.calculatedMetric(id: id, sandbox: sandbox)
            },
            save: { s, body, id, sandbox, version async throws(JourneyError) in
                try await s.updateCalculatedMetric(body.metric, id: id, sandbox: sandbox, ifMatch: version)
            })
    }

    @Sendable func deleteCalculatedMetric(_ request: Request, context: Context) async throws -> Response {
        try await deleting(request, context) { s, id, sandbox async throws(JourneyError) in
            try await s.deleteCalculatedMetric(id: id, sandbox: sandbox)
        }
    }
}
