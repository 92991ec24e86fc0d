import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HTTPAPI
@testable import OutflowServer

@Suite("Flow Service connection encryption")
struct FlowServiceEncryptionTests {
    typealias Calls = FlowServiceCalls

    /// A fixture key from `IntegrationTests/fixtures/pgp` (`cv25519.pub.asc`, `sign.pub.asc` ...).
    static func key(_ file: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try String(
            contentsOf: root.appendingPathComponent("IntegrationTests/fixtures/pgp/" + file), encoding: .utf8)
    }

    static func json(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    static func connectionBody(publicKey: String) throws -> String {
        try json([
            "name": "encrypted", "connectionSpec": ["id": FlowServiceTestServer.localFolderSpec, "version": "1.0"],
            "auth": ["specName": "None", "params": [:] as [String: String]],
            "encryption": [
                "specName": "File PGP/GPG Encryption",
                "params": ["encryptionAlgo": "PGP/GPG", "publicKey": publicKey],
            ],
        ])
    }

    @Test("a connection with a public key shows the key's identifiers, not the key, and patches keep it checked")
    func encryptionBlockRoundTrip() async throws {
        let server = try FlowServiceTestServer()
        let body = try Self.connectionBody(publicKey: try Self.key("cv25519.pub.asc"))
        let signOnly = try Self.json([
            ["op": "replace", "path": "/encryption/params/publicKey", "value": try Self.key("sign.pub.asc")]
        ])
        try await server.test { client in
            let (status, created) = try await Calls.post(client, "/connections", body)
            #expect(status == .created)
            let id = created["id"] as? String ?? ""
            let (_, shown) = try await Calls.get(client, "/connections/\(id)")
            let encryption = Calls.items(shown).first?["encryption"] as? [String: Any]
            let params = encryption?["params"] as? [String: Any]
            #expect(encryption?["specName"] as? String == "File PGP/GPG Encryption")
            #expect(params?["fingerprint"] as? String == "A100F7246D337354638380EF8BE35C96A4C1C8B3")
            #expect(params?["algorithm"] as? String == "ECDH Curve25519")
            #expect(params?["publicKey"] == nil)

            let rejected = try await client.execute(
                uri: Calls.base + "/connections/\(id)", method: .patch, body: ByteBuffer(string: signOnly)
            ) { ($0.status, $0.object) }
            #expect(rejected.0 == .badRequest)
            #expect(rejected.1["code"] as? String == "PGP_NO_ENCRYPTION_KEY")
            #expect(rejected.1["field"] as? String == "encryption.params.publicKey")

            let removed = try await client.execute(
                uri: Calls.base + "/connections/\(id)", method: .patch,
                body: ByteBuffer(string: #"[{"op": "remove", "path": "/encryption"}]"#)
            ) { $0.status }
            #expect(removed == .ok)
            let (_, after) = try await Calls.get(client, "/connections/\(id)")
            #expect(Calls.items(after).first?["encryption"] == nil)
        }
    }

    @Test("a private key is refused as PGP_NOT_A_PUBLIC_KEY naming encryption.params.publicKey")
    func privateKeyIsRefused() async throws {
        let server = try FlowServiceTestServer()
        let body = try Self.connectionBody(publicKey: try Self.key("cv25519.sec.asc"))
        try await server.test { client in
            let (status, problem) = try await Calls.post(client, "/connections", body)
            #expect(status == .badRequest)
            #expect(problem["code"] as? String == "PGP_NOT_A_PUBLIC_KEY")
            #expect(problem["field"] as? String == "encryption.params.publicKey")
        }
    }

    /// A gpg key with another key's encryption subkey appended (`Tests/PGPTests/Fixtures/foreign-only.asc`): the
    /// subkey's binding signature is not the primary key's, so the connection is refused instead of encrypting
    /// exports to the appended subkey.
    @Test("a key with an appended foreign subkey is refused as PGP_BAD_SIGNATURE naming encryption.params.publicKey")
    func tamperedKeyIsRefused() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let tampered = try String(
            contentsOf: root.appendingPathComponent("PGPTests/Fixtures/foreign-only.asc"), encoding: .utf8)
        let server = try FlowServiceTestServer()
        try await server.test { client in
            let (status, problem) = try await Calls.post(
                client, "/connections", try Self.connectionBody(publicKey: tampered))
            #expect(status == .badRequest)
            #expect(problem["code"] as? String == "PGP_BAD_SIGNATURE")
            #expect(problem["field"] as? String == "encryption.params.publicKey")
            #expect((problem["detail"] as? String)?.contains("binding signature") == true)
        }
    }
}
