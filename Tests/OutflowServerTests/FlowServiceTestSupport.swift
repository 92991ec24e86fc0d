import Destinations
import Foundation
import Hummingbird
import HummingbirdTesting
import Lake
import Logging
import NIOCore
import Storage
import Testing

@testable import Exports
@testable import HTTPAPI
@testable import OutflowServer

/// A test server with the Flow Service routes, a small ingested dataset and an export folder.
struct FlowServiceTestServer {
    static let base = "/data/foundation/flowservice"
    static let localFolderSpec = "7c1b7e0a-5d1e-4f51-9a0e-0f1ea7f10c41"

    let server: TestServer
    let backend: FlowServiceBackend
    let exportDirectory = TemporaryDirectory()
    let datasetId: String
    /// The runner's options: local-folder exports may write under `exportDirectory` (the test's export root).
    let exportConfiguration: ExportExecutor.Configuration

    /// Creates the dataset `clicks` and ingests `rows` rows through the Lake API.
    init(rows: Int = 25) throws {
        server = try TestServer()
        exportConfiguration = ExportExecutor.Configuration(
            localFolders: try LocalFolderPolicy(
                roots: [exportDirectory.path], dataDirectory: server.lake.layout.root,
                exportsFolder: server.lake.layout.exportsRoot))
        backend = FlowServiceBackend(
            lake: server.lake, store: try SQLiteExportStore(lake: server.lake), configuration: exportConfiguration)
        let dataset = try server.lake.createDataset(
            sandbox: "prod", name: "clicks", schemaDocument: Array(Fixture.schema.utf8), description: nil)
        datasetId = dataset.id
        let file = server.directory.path + "/clicks.ndjson"
        let lines = (0..<rows).map {
            #"{"_id": "\#($0)", "timestamp": "2026-10-01T10:00:00Z", "page": "/p\#($0)", "email": "u\#($0)@x.org", "count": \#($0)}"#
        }
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        _ = try server.lake.ingest(sandbox: "prod", dataset: dataset.id, files: [file])
    }

    /// Runs `body` against the routes while an `ExportService` (ticking every 50 ms) executes queued runs. The
    /// service's clock stands at `serviceNow` (epoch ms; default before every test schedule starts, so only
    /// ad-hoc runs execute unless a test moves it).
    func test<Value: Sendable>(
        serviceNow: Int64 = 1_700_000_000_000,
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        var logger = Logger(label: "outflow.test")
        logger.logLevel = .warning
        let (lake, configuration, backend, quiet) = (server.lake, server.configuration, backend, logger)
        let service = ExportService(
            backend: backend, configuration: .init(tick: .milliseconds(50)), now: { serviceNow }, logger: logger)
        return try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask {
                try await service.run()
                return nil
            }
            group.addTask {
                let router = OutflowApplication.router(lake: lake, configuration: configuration, flowService: backend)
                return try await Application(router: router, logger: quiet).test(.router, body)
            }
            while let result = try await group.next() {
                if let value = result {
                    group.cancelAll()
                    return value
                }
            }
            throw CancellationError()
        }
    }
}

/// Requests of the AEP tutorial sequence.
enum FlowServiceCalls {
    static let base = FlowServiceTestServer.base

    /// POSTs `json` and returns the response's status and object.
    static func post(
        _ client: some TestClientProtocol, _ path: String, _ json: String, headers: HTTPFields = Fixture.jsonHeaders
    ) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await client.execute(uri: base + path, method: .post, headers: headers, body: ByteBuffer(string: json)) {
            ($0.status, $0.object)
        }
    }

    static func get(_ client: some TestClientProtocol, _ path: String) async throws -> (
        HTTPResponse.Status, [String: Any]
    ) {
        try await client.execute(uri: base + path, method: .get) { ($0.status, $0.object) }
    }

    static func items(_ object: [String: Any]) -> [[String: Any]] { object["items"] as? [[String: Any]] ?? [] }

    /// Creates a local-folder base connection and returns its id.
    static func baseConnection(_ client: some TestClientProtocol) async throws -> String {
        let (status, object) = try await post(
            client, "/connections",
            #"{"name": "local", "connectionSpec": {"id": "\#(FlowServiceTestServer.localFolderSpec)", "version": "1.0"}, "auth": {"specName": "None", "params": {}}}"#
        )
        #expect(status == .created)
        return object["id"] as? String ?? ""
    }

    static func sourceConnection(_ client: some TestClientProtocol, datasetId: String) async throws -> String {
        let (status, object) = try await post(
            client, "/sourceConnections",
            #"{"name": "src", "connectionSpec": {"id": "8a9c3494-9708-43d7-ae3f-cda01e5030e1"}, "params": {"datasets": [{"id": "\#(datasetId)"}]}}"#
        )
        #expect(status == .created)
        return object["id"] as? String ?? ""
    }

    static func targetConnection(
        _ client: some TestClientProtocol, baseId: String, path: String, fileType: String = "PARQUET",
        compression: String = "GZIP"
    ) async throws -> String {
        let (status, object) = try await post(
            client, "/targetConnections",
            #"{"name": "dst", "baseConnectionId": "\#(baseId)", "connectionSpec": {"id": "\#(FlowServiceTestServer.localFolderSpec)"}, "params": {"path": "\#(path)", "datasetFileType": "\#(fileType)", "compression": "\#(compression)"}}"#
        )
        #expect(status == .created)
        return object["id"] as? String ?? ""
    }

    static func flowBody(source: String, target: String, schedule: String) -> String {
        #"{"name": "flow", "flowSpec": {"id": "b3f0d3c2-8e0a-4c52-9d43-6a1f0c5e2d17"}, "sourceConnectionIds": ["\#(source)"], "targetConnectionIds": ["\#(target)"], "scheduleParams": \#(schedule)}"#
    }

    static let hourly =
        #"{"exportMode": "FIRST_FULL_THEN_INCREMENTAL", "timeUnit": "hour", "interval": 3, "startTime": 1767225600}"#
}
