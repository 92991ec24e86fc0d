import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HTTPAPI
@testable import OutflowServer

/// `sshKeyPassphrase` (like `sshKey`) is write-only: no response and no run record shows it, also when the
/// passphrase is wrong and the run fails because of it.
@Suite("SSH key passphrase redaction")
struct SSHKeyPassphraseRedactionTests {
    typealias Calls = FlowServiceCalls
    static let sftpSpec = "36965a81-b1c6-401b-99f8-22508f1e6a26"
    static let sftpFlowSpec = "354d6aad-4754-46e4-a576-1b384561c440"
    static let passphrase = "wrong-but-secret-passphrase"

    static func keyParameter() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let file = root.appendingPathComponent("Tests/Fixtures/ssh-keys/ed25519-openssh-aes256-ctr.key")
        return Data(try String(contentsOf: file, encoding: .utf8).utf8).base64EncodedString()
    }

    /// Polls the flow's runs until one exists (deadline 60 s).
    static func firstRunId(_ client: some TestClientProtocol, flowId: String) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let (_, runs) = try await Calls.get(client, "/runs?property=flowId==\(flowId)")
            if let id = Calls.items(runs).first?["id"] as? String { return id }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("no run of flow \(flowId) was queued before the deadline")
        return ""
    }

    @Test("connections, flows and failed runs never show sshKeyPassphrase or sshKey")
    func passphraseNeverEchoed() async throws {
        let fixture = try FlowServiceTestServer(rows: 2)
        let key = try Self.keyParameter()
        let datasetId = fixture.datasetId
        try await fixture.test(serviceNow: 1_767_225_600_000 + 60_000) { client in
            let (status, created) = try await Calls.post(
                client, "/connections",
                #"{"name": "sftp", "connectionSpec": {"id": "\#(Self.sftpSpec)"}, "auth": {"specName": "SFTP with SSH Key", "params": {"domain": "127.0.0.1", "port": "1", "username": "u", "sshKey": "\#(key)", "sshKeyPassphrase": "\#(Self.passphrase)"}}}"#
            )
            #expect(status == .created)
            let baseId = created["id"] as? String ?? ""
            let (targetStatus, target) = try await Calls.post(
                client, "/targetConnections",
                #"{"name": "dst", "baseConnectionId": "\#(baseId)", "connectionSpec": {"id": "\#(Self.sftpSpec)"}, "params": {"remotePath": "/upload", "path": "out", "datasetFileType": "JSON", "compression": "NONE"}}"#
            )
            #expect(targetStatus == .created)
            let source = try await Calls.sourceConnection(client, datasetId: datasetId)
            let flowBody = Calls.flowBody(
                source: source, target: target["id"] as? String ?? "", schedule: Calls.hourly
            ).replacingOccurrences(of: "b3f0d3c2-8e0a-4c52-9d43-6a1f0c5e2d17", with: Self.sftpFlowSpec)
            let (flowStatus, flow) = try await Calls.post(client, "/flows", flowBody)
            #expect(flowStatus == .created)
            let flowId = flow["id"] as? String ?? ""
            // An ad-hoc run is refused at once, naming the field.
            let refusal = try await client.execute(
                uri: Calls.base + "/flows/\(flowId)/runs", method: .post, body: ByteBuffer(string: "{}")
            ) { ($0.status, $0.text) }
            #expect(refusal.0 == .badRequest)
            #expect(refusal.1.contains("passphrase does not open the SSH key"), "\(refusal.1)")
            #expect(refusal.1.contains("auth.params.sshKeyPassphrase"))
            #expect(!refusal.1.contains(Self.passphrase))
            // The scheduled slot (the service clock is past the start time) fails its run with the reason.
            let runId = try await Self.firstRunId(client, flowId: flowId)
            let run = try await FlowServiceRoutesTests.waitForFinalRun(client, runId)
            #expect(run["status"] as? String == "failed")
            let paths = [
                "/connections/\(baseId)", "/connections", "/flows/\(flowId)", "/runs/\(runId)",
                "/runs?property=flowId==\(flowId)",
            ]
            var texts: [String] = []
            for path in paths {
                texts.append(try await client.execute(uri: Calls.base + path, method: .get) { $0.text })
            }
            let runText = texts[3]
            #expect(runText.contains("passphrase does not open the SSH key"), "\(runText)")
            for text in texts {
                #expect(!text.contains(Self.passphrase))
                #expect(!text.contains(String(key.prefix(40))))
            }
        }
    }
}
