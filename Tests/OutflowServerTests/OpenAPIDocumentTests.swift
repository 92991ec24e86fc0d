import Destinations
import Exports
import Hummingbird
import HummingbirdTesting
import Journey
import QueryService
import Storage
import Testing

@testable import HTTPAPI
@testable import OutflowServer

/// The served OpenAPI document and the router agree: every route is described, nothing else is.
@Suite struct OpenAPIDocumentTests {
    /// `GET /path/{param}` lines of the document's `paths` section (path items at two spaces, operations at four).
    static func documentedOperations(_ yaml: String) -> Set<String> {
        var operations: Set<String> = []
        var inPaths = false
        var path: String?
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && !line.isEmpty {
                inPaths = line == "paths:"
                continue
            }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   "), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":"),
                let path, methods.contains(String(line.dropFirst(4).dropLast()))
            {
                operations.insert("\(line.dropFirst(4).dropLast().uppercased()) \(path)")
            }
        }
        return operations
    }

    /// `GET /path/{param}` of every route the application's router serves (with the Flow Service, the Query
    /// Service and the journey APIs).
    static func routedOperations() throws -> Set<String> {
        let server = try TestServer()
        let backend = FlowServiceBackend(lake: server.lake, store: try SQLiteExportStore(lake: server.lake))
        let (lake, store) = (server.lake, try SQLiteQueryStore(lake: server.lake))
        let queries = QueryJobRunner(
            store: store, lake: lake, makeSession: { QuerySession(lake: lake, sandbox: $0, store: store) })
        let journey = JourneyService(
            store: try SQLiteJourneyStore(lake: lake),
            engine: ReportEngine(makeSession: { QuerySession(lake: lake, sandbox: $0, store: store) }), lake: lake)
        let makeSession: ReportEngine.SessionMaker = { QuerySession(lake: lake, sandbox: $0, store: store) }
        let outputs = JourneyOutputs(
            stitching: StitchingService(
                store: try SQLiteStitchingStore(lake: lake), journey: journey.store, lake: lake,
                makeSession: makeSession),
            reports: ReportExporter(journey: journey, makeSession: makeSession))
        let router = OutflowApplication.router(
            lake: server.lake, configuration: server.configuration, flowService: backend, queries: queries,
            journey: journey, journeyOutputs: outputs)
        return Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
    }

    @Test func everyRoutedOperationIsDocumentedAndNothingElse() throws {
        let documented = Self.documentedOperations(OpenAPIDocument.yaml)
        let routed = try Self.routedOperations()
        #expect(routed.count > 20)
        #expect(routed.subtracting(documented).sorted() == [], "routes missing from openapi.yaml")
        #expect(documented.subtracting(routed).sorted() == [], "documented operations no route serves")
    }

    @Test func documentIsServedAsYAMLWithoutAuthentication() async throws {
        let server = try TestServer(apiKey: "secret-key")
        try await server.test { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/yaml")
                #expect(response.text == OpenAPIDocument.yaml)
            }
        }
    }

    /// `enum: [a, b]` as the document spells the cases of `type`.
    static func enumeration<E: RawRepresentable & CaseIterable>(_ type: E.Type) -> String where E.RawValue == String {
        "enum: [" + E.allCases.map(\.rawValue).joined(separator: ", ") + "]"
    }

    @Test func documentedEnumerationsListEveryCaseTheServerKnows() {
        let yaml = OpenAPIDocument.yaml
        for spelled in [
            Self.enumeration(DatasetFileType.self), Self.enumeration(ExportCompression.self),
            Self.enumeration(ExportMode.self), Self.enumeration(TimeUnit.self), Self.enumeration(RunStatus.self),
            Self.enumeration(RunKind.self), Self.enumeration(ExportsError.Code.self),
            Self.enumeration(DestinationError.Code.self), Self.enumeration(ConnectionTestReport.Step.self),
        ] {
            #expect(yaml.contains(spelled), "openapi.yaml lacks \(spelled)")
        }
        let hourIntervals = ExportValidator.hourIntervals.sorted().map(String.init).joined(separator: ", ")
        #expect(yaml.contains("interval: {type: integer, enum: [\(hourIntervals)]}"))
    }

    @Test func operationIdsAreUnique() {
        let ids = OpenAPIDocument.yaml.split(separator: "\n")
            .compactMap { line -> Substring? in
                let trimmed = line.drop(while: { $0 == " " })
                return trimmed.hasPrefix("operationId: ") ? trimmed.dropFirst("operationId: ".count) : nil
            }
        #expect(ids.count == Set(ids).count)
        #expect(ids.count == Self.documentedOperations(OpenAPIDocument.yaml).count)
    }
}
