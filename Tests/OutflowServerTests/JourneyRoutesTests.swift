import Demo
import Foundation
import Hummingbird
import HummingbirdTesting
import Journey
import Logging
import QueryService
import Storage
import Testing

@testable import OutflowServer

/// The journey routes on a demo lake: the demo's definitions through the API, etags on updates, validation errors
/// naming their component, and the engine's refusal as a problem.
@Suite struct JourneyRoutesTests {
    static let json: HTTPFields = [.contentType: "application/json"]

    func withApp(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let server = try TestServer()
        let lake = server.lake
        _ = try await DemoLoader(lake: lake).load(events: 300, seed: 3)
        let store = try SQLiteQueryStore(lake: lake)
        let journey = JourneyService(
            store: try SQLiteJourneyStore(lake: lake),
            engine: ReportEngine(makeSession: { QuerySession(lake: lake, sandbox: $0, store: store) }), lake: lake)
        try await DemoJourney.install(on: journey, sandbox: "prod")
        var logger = Logger(label: "outflow.test")
        logger.logLevel = .warning
        let app = Application(
            router: OutflowApplication.router(lake: lake, configuration: server.configuration, journey: journey),
            logger: logger)
        try await app.test(.router, body)
    }

    static func headers(ifMatch: String) -> HTTPFields {
        var headers = json
        headers[.ifMatch] = ifMatch
        return headers
    }

    @Test func theDemoDataViewIsListedAndUpdatedOnlyWithItsEtag() async throws {
        try await withApp { client in
            let page = try await client.execute(uri: "/data/dataviews", method: .get) { $0.object }
            let views = page["content"] as? [[String: Any]] ?? []
            let id = try #require(views.first?["id"] as? String)
            let view = try await client.execute(uri: "/data/dataviews/\(id)", method: .get) { response in
                #expect(response.headers[.eTag] == "\"1\"")
                return response.body
            }
            try await client.execute(
                uri: "/data/dataviews/\(id)", method: .put, headers: Self.headers(ifMatch: "\"7\""), body: view
            ) { response in
                #expect(response.status == .preconditionFailed)
                #expect(response.object["field"] as? String == "If-Match")
            }
            try await client.execute(
                uri: "/data/dataviews/\(id)", method: .put, headers: Self.headers(ifMatch: "\"1\""), body: view
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == "\"2\"")
            }
        }
    }

    @Test func anInvalidDataViewNamesItsComponent() async throws {
        try await withApp { client in
            let page = try await client.execute(uri: "/data/connections", method: .get) { $0.object }
            let connection = try #require((page["content"] as? [[String: Any]])?.first?["id"] as? String)
            let body = """
                {"name": "x", "parentDataGroupId": "\(connection)", "metrics": [{"id": "revenue", "name": "Revenue",
                 "kind": {"sum": {"field": "marketing.channel"}}}]}
                """
            try await client.execute(
                uri: "/data/dataviews", method: .post, headers: Self.json, body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.object["field"] as? String == "metrics[revenue].kind.sum.field")
            }
        }
    }

    @Test func aReportOnAnUnknownDataViewIsNotFoundAndEngineErrorsAreProblems() async throws {
        try await withApp { client in
            let request = """
                {"dataId": "%@", "dimension": "variables/page_name",
                 "metricContainer": {"metrics": [{"columnId": "0", "id": "metrics/occurrences"}]}}
                """
            try await client.execute(
                uri: "/reports", method: .post, headers: Self.json,
                body: ByteBuffer(string: request.replacingOccurrences(of: "%@", with: "dv_nope"))
            ) { response in
                #expect(response.status == .notFound)
                #expect(response.object["field"] as? String == "dataId")
            }
            try await client.execute(
                uri: "/reports", method: .post, headers: Self.json,
                body: ByteBuffer(string: request.replacingOccurrences(of: "%@", with: "demo"))
            ) { response in
                // Until the engine lands every report is refused with a JourneyError, mapped like any other.
                if response.status != .ok {
                    #expect(response.headers[.contentType] == "application/problem+json")
                    #expect(response.object["code"] as? String != nil)
                }
            }
        }
    }
}
