import Exports
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HTTPAPI
@testable import OutflowServer

/// `PATCH /connections/{id}` that changes where the credentials go must send the stored secrets again (issue 12,
/// item 3). No request here reaches a destination: the hosts are only stored.
@Suite("Flow Service credential rebinding")
struct FlowServiceCredentialRebindingTests {
    typealias Calls = FlowServiceCalls

    static let s3Body =
        #"{"name": "s3", "connectionSpec": {"id": "4fce964d-3f37-408f-9778-e597338a21ee"}, "auth": {"specName": "Access Key", "params": {"s3AccessKey": "AKIA", "s3SecretKey": "TOPSECRET", "sessionToken": "TOKEN", "endpoint": "http://127.0.0.1:9000", "region": "us-east-1"}}}"#

    static let sftpBody =
        #"{"name": "sftp", "connectionSpec": {"id": "36965a81-b1c6-401b-99f8-22508f1e6a26"}, "auth": {"specName": "SFTP with Password", "params": {"domain": "127.0.0.1", "port": 2222, "username": "u", "password": "PW", "hostKeyFingerprint": "SHA256:abc"}}}"#

    static func patch(_ client: some TestClientProtocol, _ id: String, _ operations: String) async throws -> (
        HTTPResponse.Status, [String: Any]
    ) {
        try await client.execute(
            uri: Calls.base + "/connections/\(id)", method: .patch, body: ByteBuffer(string: operations)
        ) { ($0.status, $0.object) }
    }

    static func create(_ client: some TestClientProtocol, _ body: String) async throws -> String {
        let (status, created) = try await Calls.post(client, "/connections", body)
        #expect(status == .created)
        return created["id"] as? String ?? ""
    }

    @Test("a new S3 endpoint without the secrets is 400 CREDENTIALS_REQUIRED naming each, and nothing is stored")
    func endpointWithoutSecrets() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        let store = fixture.backend.store
        try await fixture.test { client in
            let id = try await Self.create(client, Self.s3Body)
            let (status, problem) = try await Self.patch(
                client, id, #"[{"op": "replace", "path": "/auth/params/endpoint", "value": "http://127.0.0.1:9999"}]"#)
            #expect(status == .badRequest)
            #expect(problem["code"] as? String == "CREDENTIALS_REQUIRED")
            #expect(problem["field"] as? String == "auth.params.s3SecretKey")
            #expect(problem["fields"] as? [String] == ["auth.params.s3SecretKey", "auth.params.sessionToken"])
            #expect((problem["detail"] as? String)?.contains("auth.params.endpoint") == true)
            #expect((problem["detail"] as? String)?.contains("TOPSECRET") == false)
            let stored = try await store.credentials(connectionId: id)
            #expect(stored["endpoint"] == "http://127.0.0.1:9000")
            #expect(stored["s3SecretKey"] == "TOPSECRET")

            let (partial, partialProblem) = try await Self.patch(
                client, id,
                #"[{"op": "replace", "path": "/auth/params/endpoint", "value": "http://127.0.0.1:9999"}, {"op": "replace", "path": "/auth/params/s3SecretKey", "value": "NEW"}]"#
            )
            #expect(partial == .badRequest)
            #expect(partialProblem["fields"] as? [String] == ["auth.params.sessionToken"])
        }
    }

    @Test("a new endpoint with every secret sent again is stored")
    func endpointWithSecrets() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        let store = fixture.backend.store
        try await fixture.test { client in
            let id = try await Self.create(client, Self.s3Body)
            let (status, _) = try await Self.patch(
                client, id,
                #"[{"op": "replace", "path": "/auth/params/endpoint", "value": "http://127.0.0.1:9999"}, {"op": "replace", "path": "/auth/params/s3SecretKey", "value": "NEW"}, {"op": "add", "path": "/auth/params/sessionToken", "value": "NEWTOKEN"}]"#
            )
            #expect(status == .ok)
            let stored = try await store.credentials(connectionId: id)
            #expect(stored["endpoint"] == "http://127.0.0.1:9999")
            #expect(stored["s3SecretKey"] == "NEW")
            #expect(stored["sessionToken"] == "NEWTOKEN")
        }
    }

    @Test("replacing the whole auth block with a new endpoint and its secrets is accepted")
    func wholeAuthBlock() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        try await fixture.test { client in
            let id = try await Self.create(client, Self.s3Body)
            let (status, _) = try await Self.patch(
                client, id,
                #"[{"op": "replace", "path": "/auth", "value": {"specName": "Access Key", "params": {"s3AccessKey": "AKIA", "s3SecretKey": "S", "endpoint": "http://127.0.0.1:9998"}}}]"#
            )
            #expect(status == .ok)
        }
    }

    @Test("renaming, a new region or a new access key id keep the stored secrets")
    func nonRoutingChangesKeepSecrets() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        let store = fixture.backend.store
        try await fixture.test { client in
            let id = try await Self.create(client, Self.s3Body)
            let (status, _) = try await Self.patch(
                client, id,
                #"[{"op": "replace", "path": "/name", "value": "renamed"}, {"op": "replace", "path": "/auth/params/region", "value": "eu-west-1"}, {"op": "replace", "path": "/auth/params/s3AccessKey", "value": "AKIB"}]"#
            )
            #expect(status == .ok)
            #expect(try await store.credentials(connectionId: id)["s3SecretKey"] == "TOPSECRET")
        }
    }

    @Test(
        "a new SFTP domain, port or host-key pin (or dropping the pin) needs the password again",
        arguments: [
            #"[{"op": "replace", "path": "/auth/params/domain", "value": "127.0.0.2"}]"#,
            #"[{"op": "replace", "path": "/auth/params/port", "value": 2200}]"#,
            #"[{"op": "replace", "path": "/auth/params/hostKeyFingerprint", "value": "SHA256:other"}]"#,
            #"[{"op": "remove", "path": "/auth/params/hostKeyFingerprint"}]"#,
        ])
    func sftpNeedsPassword(operations: String) async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        try await fixture.test { client in
            let id = try await Self.create(client, Self.sftpBody)
            let (status, problem) = try await Self.patch(client, id, operations)
            #expect(status == .badRequest)
            #expect(problem["code"] as? String == "CREDENTIALS_REQUIRED")
            #expect(problem["fields"] as? [String] == ["auth.params.password"])
        }
    }

    @Test("moving a connection to another spec needs its secrets again")
    func specChange() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        try await fixture.test { client in
            let id = try await Self.create(client, Self.s3Body)
            let (status, problem) = try await Self.patch(
                client, id,
                #"[{"op": "replace", "path": "/connectionSpec/id", "value": "c5d93acb-ea8b-4b14-8f53-02138444ae99"}]"#)
            #expect(status == .badRequest)
            #expect(problem["code"] as? String == "CREDENTIALS_REQUIRED")
        }
    }
}
