import Foundation
import HTTPTypes
import Testing

@testable import HTTPAPI
@testable import OutflowServer

/// `GET /connectionSpecs[/{id}]` in AEP's shape: `authSpec` variants named as the tutorial's `auth.specName`, each
/// with a draft-07 JSON schema of its params; `targetSpec` a `User based target` schema.
@Suite("Connection specs in AEP's shape")
struct ConnectionSpecShapeTests {
    typealias Calls = FlowServiceCalls

    static func variants(_ spec: [String: Any]) -> [String: [String: Any]] {
        let list = spec["authSpec"] as? [[String: Any]] ?? []
        return Dictionary(
            list.map { ($0["name"] as? String ?? "", $0["spec"] as? [String: Any] ?? [:]) },
            uniquingKeysWith: { first, _ in first })
    }

    @Test("SFTP has the tutorial's two variants; secrets are format password, routing parameters say so")
    func sftpVariants() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        try await fixture.test { client in
            let (status, body) = try await Calls.get(client, "/connectionSpecs/36965a81-b1c6-401b-99f8-22508f1e6a26")
            #expect(status == .ok)
            let spec = try #require(Calls.items(body).first)
            #expect(spec["providerId"] as? String == "14e34fac-d307-11e9-bb65-2a2ae2dbcce4")
            let variants = Self.variants(spec)
            #expect(Set(variants.keys) == ["SFTP with Password", "SFTP with SSH Key"])
            let password = try #require(variants["SFTP with Password"])
            #expect(password["$schema"] as? String == "http://json-schema.org/draft-07/schema#")
            #expect(Set(password["required"] as? [String] ?? []) == ["domain", "username", "password"])
            let properties = try #require(password["properties"] as? [String: [String: Any]])
            #expect(properties["sshKey"] == nil)
            #expect(properties["password"]?["format"] as? String == "password")
            #expect(properties["domain"]?["routesSecrets"] as? Bool == true)
            #expect(properties["username"]?["routesSecrets"] == nil)
            let key = try #require(variants["SFTP with SSH Key"])
            #expect(Set(key["required"] as? [String] ?? []) == ["domain", "username", "sshKey"])
            let target = try #require(spec["targetSpec"] as? [String: Any])
            #expect(target["name"] as? String == "User based target")
            let targetSchema = try #require(target["spec"] as? [String: Any])
            #expect((targetSchema["required"] as? [String])?.contains("remotePath") == true)
        }
    }

    @Test("every spec's variants carry the tutorial's specName; the Data Landing Zone has none")
    func everySpec() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        try await fixture.test { client in
            let (_, body) = try await Calls.get(client, "/connectionSpecs")
            let names = Dictionary(
                Calls.items(body).map { ($0["name"] as? String ?? "", Set(Self.variants($0).keys)) },
                uniquingKeysWith: { first, _ in first })
            #expect(names["Amazon S3"] == ["Access Key"])
            #expect(names["Azure Blob Storage"] == ["ConnectionString"])
            #expect(names["Azure Data Lake Storage Gen2"] == ["Azure Service Principal Auth"])
            #expect(names["Google Cloud Storage"] == ["Google Cloud Storage authentication credentials"])
            #expect(names["Data Landing Zone"] == [])
        }
    }
}
