import Foundation
import Hummingbird
import HummingbirdTesting
import Lake
import Testing

@testable import HTTPAPI
@testable import OutflowServer

@Suite("Catalog routes")
struct CatalogRoutesTests {
    static let base = "/data/foundation/catalog"

    /// Creates a dataset through the API and returns its id.
    static func createDataset(_ client: some TestClientProtocol, name: String) async throws -> String {
        try await client.execute(
            uri: base + "/dataSets", method: .post, headers: Fixture.jsonHeaders, body: Fixture.datasetBody(name: name)
        ) { response in
            #expect(response.status == .created)
            let reference = (response.json as? [String])?.first ?? ""
            #expect(reference.hasPrefix("@/dataSets/"))
            return String(reference.dropFirst("@/dataSets/".count))
        }
    }

    @Test("health check answers ok without authentication")
    func healthz() async throws {
        let server = try TestServer(apiKey: "s3cret")
        try await server.test { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.object["status"] as? String == "ok")
            }
        }
    }

    @Test("the real server answers over a socket on 127.0.0.1")
    func liveServer() async throws {
        let server = try TestServer(apiKey: "k")
        try await server.test(.live) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: Self.base + "/dataSets", method: .get, headers: Fixture.bearer("k")) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.totalCount] == "0")
            }
        }
    }

    @Test("the OpenAPI document is served without authentication")
    func openAPI() async throws {
        let server = try TestServer(apiKey: "s3cret")
        try await server.test { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.hasPrefix("openapi: 3.1.0"))
                #expect(response.text.contains("/data/foundation/import/batches/{batchId}:"))
            }
        }
    }

    @Test(
        "requests without the right bearer key get a 401 problem",
        arguments: [nil, "Bearer wrong", "s3cret", "Bearer s3cre"])
    func unauthorized(header: String?) async throws {
        let server = try TestServer(apiKey: "s3cret")
        try await server.test { client in
            var headers = HTTPFields()
            if let header { headers[.authorization] = header }
            try await client.execute(uri: Self.base + "/dataSets", method: .get, headers: headers) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.object["code"] as? String == "UNAUTHORIZED")
                #expect(response.object["status"] as? Int == 401)
            }
        }
    }

    @Test("the right bearer key is accepted")
    func authorized() async throws {
        let server = try TestServer(apiKey: "s3cret")
        try await server.test { client in
            try await client.execute(uri: Self.base + "/dataSets", method: .get, headers: Fixture.bearer("s3cret")) {
                response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("a dataset can be created, listed, fetched and deleted")
    func datasetLifecycle() async throws {
        let server = try TestServer()
        try await server.test { client in
            let id = try await Self.createDataset(client, name: "clicks")
            #expect(id.count == 24)
            try await client.execute(uri: Self.base + "/dataSets", method: .get) { response in
                #expect(response.status == .ok)
                let entry = response.object[id] as? [String: Any]
                #expect(entry?["name"] as? String == "clicks")
                #expect(entry?["labels"] as? [String] == ["I1"])
                #expect((entry?["schemaRef"] as? [String: Any])?["id"] is String)
            }
            try await client.execute(uri: Self.base + "/dataSets/\(id)", method: .get) { response in
                #expect(response.status == .ok)
                #expect((response.object[id] as? [String: Any])?["description"] as? String == "test")
            }
            try await client.execute(uri: Self.base + "/schemas", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.object.count == 1)
            }
            try await client.execute(uri: Self.base + "/dataSets/\(id)", method: .delete) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: Self.base + "/dataSets/\(id)", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.object["code"] as? String == "NOT_FOUND")
            }
        }
    }

    @Test("dataset listings page with start and limit and report the total")
    func paging() async throws {
        let server = try TestServer()
        try await server.test { client in
            for name in ["a", "b", "c"] { _ = try await Self.createDataset(client, name: name) }
            try await client.execute(uri: Self.base + "/dataSets?limit=2", method: .get) { response in
                #expect(response.object.count == 2)
                #expect(response.headers[.totalCount] == "3")
            }
            try await client.execute(uri: Self.base + "/dataSets?start=2&limit=2", method: .get) { response in
                #expect(response.object.count == 1)
            }
            try await client.execute(uri: Self.base + "/dataSets?limit=0", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.object["field"] as? String == "limit")
            }
        }
    }

    @Test("dataset listings filter with property=field==value and field!=value")
    func propertyFilter() async throws {
        let server = try TestServer()
        try await server.test { client in
            for name in ["a", "b", "c"] { _ = try await Self.createDataset(client, name: name) }
            try await client.execute(uri: Self.base + "/dataSets?property=name==b", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.object.values.compactMap { ($0 as? [String: Any])?["name"] as? String } == ["b"])
                #expect(response.headers[.totalCount] == "1")
            }
            try await client.execute(uri: Self.base + "/dataSets?property=name!=b&limit=1&start=1", method: .get) {
                response in
                #expect(response.object.count == 1)
                #expect(response.headers[.totalCount] == "2")
            }
            try await client.execute(uri: Self.base + "/dataSets?property=name", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.object["field"] as? String == "property")
            }
        }
    }

    @Test("an invalid schema document is a 400 problem naming the field")
    func invalidSchema() async throws {
        let server = try TestServer()
        let schema =
            #"{"title": "Bad", "class": "Record", "fields": [{"name": "x", "type": "decimal", "precision": 99}]}"#
        try await server.test { client in
            try await client.execute(
                uri: Self.base + "/dataSets", method: .post, headers: Fixture.jsonHeaders,
                body: Fixture.datasetBody(name: "bad", schema: schema)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.object["code"] as? String == "INVALID_SCHEMA")
                #expect((response.object["detail"] as? String)?.isEmpty == false)
            }
            try await client.execute(uri: Self.base + "/dataSets", method: .post, body: ByteBuffer(string: "[1,2]")) {
                response in
                #expect(response.status == .badRequest)
                #expect(response.object["code"] as? String == "INVALID_REQUEST")
            }
        }
    }

    @Test("a duplicate dataset name is a 409 problem")
    func duplicateName() async throws {
        let server = try TestServer()
        try await server.test { client in
            _ = try await Self.createDataset(client, name: "dup")
            try await client.execute(
                uri: Self.base + "/dataSets", method: .post, headers: Fixture.jsonHeaders,
                body: Fixture.datasetBody(name: "dup")
            ) { response in
                #expect(response.status == .conflict)
                #expect(response.object["code"] as? String == "ALREADY_EXISTS")
            }
        }
    }

    @Test(
        "unknown routes and ids are 404 problems",
        arguments: ["/nope", base + "/batches/000000000000000000000000", base + "/schemas/x"])
    func notFound(uri: String) async throws {
        let server = try TestServer()
        try await server.test { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.object["code"] as? String == "NOT_FOUND")
                #expect(response.object["type"] is String)
                #expect(response.object["title"] is String)
            }
        }
    }

    @Test("datasets of one sandbox are invisible in another")
    func sandboxHeader() async throws {
        let server = try TestServer()
        _ = try server.lake.createSandbox(name: "dev")
        try await server.test { client in
            _ = try await Self.createDataset(client, name: "prodonly")
            try await client.execute(uri: Self.base + "/dataSets", method: .get, headers: [.sandboxName: "dev"]) {
                response in
                #expect(response.status == .ok)
                #expect(response.object.isEmpty)
            }
        }
    }
}
