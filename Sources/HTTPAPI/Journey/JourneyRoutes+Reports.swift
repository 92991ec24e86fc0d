import Hummingbird
import Journey

extension JourneyRoutes {
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
