import Foundation
import Hummingbird
import HummingbirdTesting
import NIOPosix
import Testing

@testable import HTTPAPI
@testable import OutflowServer

@Suite("Batch ingestion routes")
struct IngestRoutesTests {
    static let base = "/data/foundation/import/batches"
    static let lines = """
        {"_id": "1", "timestamp": "2026-10-01T10:00:00Z", "page": "home", "count": 1}
        {"_id": "2", "timestamp": "2026-10-01T10:01:00Z", "page": "cart", "count": "many"}
        {"_id": "3", "timestamp": "2026-10-01T10:02:00Z", "page": "checkout"}
        {"_id": "4", "timestamp": "2026-10-01T10:03:00Z", "page": "home", "count": 4}

        """

    /// Creates a dataset and a batch; returns (datasetId, batchId).
    static func prepare(
        _ client: some TestClientProtocol, partial: Int? = nil
    ) async throws -> (dataset: String, batch: String) {
        let dataset = try await CatalogRoutesTests.createDataset(client, name: "clicks")
        let partialField = partial.map { #", "partialIngestionPercentage": \#($0)"# } ?? ""
        let body = #"{"datasetId": "\#(dataset)", "inputFormat": {"format": "json"}\#(partialField)}"#
        let batch = try await client.execute(uri: base, method: .post, body: ByteBuffer(string: body)) { response in
            #expect(response.status == .created)
            #expect(response.object["status"] as? String == "loading")
            let related = (response.object["relatedObjects"] as? [[String: Any]])?.first
            #expect(related?["id"] as? String == dataset)
            return response.object["id"] as? String ?? ""
        }
        return (dataset, batch)
    }

    static func upload(
        _ client: some TestClientProtocol, _ ids: (dataset: String, batch: String), name: String = "part1.json"
    ) async throws -> HTTPResponse.Status {
        try await client.execute(
            uri: "\(base)/\(ids.batch)/datasets/\(ids.dataset)/files/\(name)", method: .put,
            body: ByteBuffer(string: lines)
        ) { $0.status }
    }

    @Test("a batch with bad records within the partial-ingestion threshold succeeds and reports them")
    func partialIngestion() async throws {
        var server = try TestServer()
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        defer { pool.shutdownGracefully { _ in } }
        server.ingestPool = pool
        try await server.test { client in
            let ids = try await Self.prepare(client, partial: 50)
            #expect(try await Self.upload(client, ids) == .ok)
            try await client.execute(uri: "\(Self.base)/\(ids.batch)?action=COMPLETE", method: .post) { response in
                #expect(response.status == .ok)
                #expect(response.object["status"] as? String == "success")
                let metrics = response.object["metrics"] as? [String: Any]
                #expect(metrics?["recordsWritten"] as? Int == 3)
                #expect(metrics?["failedRecordCount"] as? Int == 1)
                let error = (response.object["errors"] as? [[String: Any]])?.first
                #expect(error?["line"] as? Int == 2)
                #expect(error?["fieldPath"] as? String == "count")
                #expect(response.object["sequence"] as? Int == 1)
            }
            try await client.execute(uri: "/data/foundation/catalog/batches?dataSet=\(ids.dataset)", method: .get) {
                response in
                #expect(response.headers[.totalCount] == "1")
                #expect((response.object[ids.batch] as? [String: Any])?["status"] as? String == "success")
            }
            try await client.execute(uri: "/data/foundation/catalog/dataSets/\(ids.dataset)", method: .get) {
                response in
                #expect((response.object[ids.dataset] as? [String: Any])?["rowCount"] as? Int == 3)
            }
        }
    }

    @Test("a batch with bad records and no threshold fails with its error report")
    func failedBatch() async throws {
        let server = try TestServer()
        try await server.test { client in
            let ids = try await Self.prepare(client)
            #expect(try await Self.upload(client, ids) == .ok)
            try await client.execute(uri: "\(Self.base)/\(ids.batch)?action=COMPLETE", method: .post) { response in
                #expect(response.status == .ok)
                #expect(response.object["status"] as? String == "failed")
                #expect((response.object["errors"] as? [[String: Any]])?.count == 1)
                #expect(response.object["errorSummary"] is String)
            }
            try await client.execute(uri: "/data/foundation/catalog/batches/\(ids.batch)", method: .get) { response in
                #expect((response.object[ids.batch] as? [String: Any])?["status"] as? String == "failed")
            }
        }
    }

    @Test("an aborted batch cannot be completed")
    func abort() async throws {
        let server = try TestServer()
        try await server.test { client in
            let ids = try await Self.prepare(client)
            try await client.execute(uri: "\(Self.base)/\(ids.batch)?action=ABORT", method: .post) { response in
                #expect(response.status == .ok)
                #expect(response.object["status"] as? String == "aborted")
            }
            try await client.execute(uri: "\(Self.base)/\(ids.batch)?action=COMPLETE", method: .post) { response in
                #expect(response.status == .conflict)
                #expect(response.object["code"] as? String == "BATCH_NOT_LOADING")
            }
        }
    }

    @Test("uploads to another dataset's batch, with a bad action or over the size limit are rejected")
    func rejectedRequests() async throws {
        let server = try TestServer(maxUploadBytes: 64)
        try await server.test { client in
            let ids = try await Self.prepare(client)
            #expect(
                try await Self.upload(client, (dataset: "000000000000000000000000", batch: ids.batch)) == .badRequest)
            #expect(try await Self.upload(client, ids) == .contentTooLarge)
            try await client.execute(uri: "\(Self.base)/\(ids.batch)?action=EXPLODE", method: .post) { response in
                #expect(response.status == .badRequest)
                #expect(response.object["field"] as? String == "action")
            }
            let body = #"{"datasetId": "\#(ids.dataset)", "inputFormat": {"format": "xml"}}"#
            try await client.execute(uri: Self.base, method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest)
                #expect(response.object["field"] as? String == "inputFormat.format")
            }
            let missing = #"{"datasetId": "000000000000000000000000", "inputFormat": {"format": "json"}}"#
            try await client.execute(uri: Self.base, method: .post, body: ByteBuffer(string: missing)) { response in
                #expect(response.status == .notFound)
                #expect(response.object["code"] as? String == "NOT_FOUND")
            }
        }
    }
}
