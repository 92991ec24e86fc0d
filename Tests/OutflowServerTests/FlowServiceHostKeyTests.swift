import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import Exports
@testable import HTTPAPI

private typealias Calls = FlowServiceCalls

/// The SFTP host key a connection remembered at first contact shows in its resource (GET and list), never for
/// other specs, and a remembered key is never overwritten by a later, different one.
@Suite struct FlowServiceHostKeyTests {
    static let sftpSpec = "36965a81-b1c6-401b-99f8-22508f1e6a26"
    static let fingerprint = "SHA256:2b2VHjt/IZBvGJbPtOi7dEwtjaadZlAwlWTt2sx+Buw"

    @Test func theRememberedHostKeyShowsInTheConnectionResource() async throws {
        let fixture = try FlowServiceTestServer(rows: 1)
        let store = fixture.backend.store
        try await fixture.test { client in
            let (status, created) = try await Calls.post(
                client, "/connections",
                #"{"name": "sftp", "connectionSpec": {"id": "\#(Self.sftpSpec)"}, "auth": {"specName": "SFTP with Password", "params": {"domain": "127.0.0.1", "port": "2222", "username": "u", "password": "SECRETPW"}}}"#
            )
            #expect(status == .created)
            let id = created["id"] as? String ?? ""
            let (_, before) = try await Calls.get(client, "/connections/\(id)")
            #expect(Calls.items(before).first?["rememberedHostKey"] == nil)

            _ = try await store.rememberHostKey(
                fingerprint: Self.fingerprint, host: "127.0.0.1", port: 2222, connectionId: id)
            _ = try await store.rememberHostKey(
                fingerprint: "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s", host: "127.0.0.1", port: 2222,
                connectionId: id)
            let (_, after) = try await Calls.get(client, "/connections/\(id)")
            let remembered = Calls.items(after).first?["rememberedHostKey"] as? [String: Any]
            #expect(remembered?["fingerprint"] as? String == Self.fingerprint)
            #expect(remembered?["host"] as? String == "127.0.0.1" && remembered?["port"] as? Int == 2222)
            #expect(remembered?["rememberedAt"] is Int)
            let (_, listed) = try await Calls.get(client, "/connections")
            let item = Calls.items(listed).first { $0["id"] as? String == id }
            #expect((item?["rememberedHostKey"] as? [String: Any])?["fingerprint"] as? String == Self.fingerprint)

            // A PATCH of the connection keeps the remembered key (it is not part of the document).
            let patch = ByteBuffer(string: #"[{"op": "replace", "path": "/name", "value": "renamed"}]"#)
            try await client.execute(uri: Calls.base + "/connections/\(id)", method: .patch, body: patch) {
                #expect($0.status == .ok)
            }
            let (_, patched) = try await Calls.get(client, "/connections/\(id)")
            #expect(
                (Calls.items(patched).first?["rememberedHostKey"] as? [String: Any])?["fingerprint"] as? String
                    == Self.fingerprint)
        }
    }
}
