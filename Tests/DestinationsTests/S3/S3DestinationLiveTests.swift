import AsyncHTTPClient
import Foundation
import OutflowTestSupport
import Testing

@testable import Destinations
@testable import Signing

/// `S3Destination` against a real SeaweedFS (`IntegrationTests/peers/s3.py`, which checks SigV4 and
/// `Content-MD5`), with boto3 as the independent reader.
@Suite(.serialized, .onDedicatedThreads, .tags(.peers), .needsPeers) struct S3DestinationLiveTests {
    typealias SeaweedFS = SeaweedFSPeer

    static func bytes(_ count: Int, seed: UInt8) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed) &+ ($0 >> 13)) }
    }

    @Test func aMultipartUploadIsInvisibleUntilCommitAndAbortLeavesNoParts() async throws {
        let peer = try await SeaweedFS.start()
        defer { peer.stop() }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPTransport.clientConfiguration)
        let outcome = await capture { () async throws(DestinationError) -> [String] in
            let destination = try peer.destinationOrThrow(client: client)
            var findings: [String] = []
            let data = Self.bytes(12 << 20 + 123, seed: 1)
            let writer = try await destination.openWriter(path: "big/data.bin")
            for start in stride(from: 0, to: data.count, by: 1 << 20) {
                try await writer.write(Array(data[start..<min(start + (1 << 20), data.count)]))
            }
            findings.append("visible before commit: \(try await destination.exists(path: "big/data.bin"))")
            findings.append("pending before commit: \(try await destination.pendingUploads(prefix: "big/"))")
            let result = try await writer.commit()
            findings.append("committed size: \(result.size)")
            findings.append("listed: \(try await destination.list(prefix: "big/").map(\.path))")
            findings.append("pending after commit: \(try await destination.pendingUploads(prefix: "big/"))")
            let aborted = try await destination.openWriter(path: "big/aborted.bin")
            try await aborted.write(data)
            await aborted.abort()
            findings.append("pending after abort: \(try await destination.pendingUploads(prefix: "big/"))")
            findings.append("aborted exists: \(try await destination.exists(path: "big/aborted.bin"))")
            try await destination.delete(path: "big/missing.bin")
            return findings
        }
        try await client.shutdown()
        #expect(
            try outcome.get() == [
                "visible before commit: false", "pending before commit: [\"big/data.bin\"]",
                "committed size: \(12 << 20 + 123)", "listed: [\"big/data.bin\"]", "pending after commit: []",
                "pending after abort: []", "aborted exists: false",
            ])
        #expect(
            try await peer.sha256(key: "big/data.bin")
                == AWSSigV4Signer.payloadHash(Self.bytes(12 << 20 + 123, seed: 1)))
    }

    @Test func aMultipartUploadLeftOpenByADeadWriterIsListedAndAbortedAsAStagedUpload() async throws {
        let peer = try await SeaweedFS.start()
        defer { peer.stop() }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPTransport.clientConfiguration)
        let outcome = await capture { () async throws(DestinationError) -> [String] in
            let destination = try peer.destinationOrThrow(client: client)
            var findings: [String] = []
            // A writer that is dropped without commit or abort, as a killed process leaves it.
            var writer: (any DestinationWriter)? = try await destination.openWriter(path: "run/part-00001.bin")
            try await writer?.write(Self.bytes(6 << 20, seed: 3))
            writer = nil
            let committed = try await destination.openWriter(path: "run/part-00000.bin")
            try await committed.write([1, 2, 3])
            _ = try await committed.commit()
            let staged = try await destination.stagedUploads(prefix: "run/")
            findings.append("staged: \(staged.map(\.path))")
            for upload in staged { try await destination.discard(upload) }
            findings.append("pending after discard: \(try await destination.pendingUploads(prefix: "run/"))")
            findings.append("listed: \(try await destination.list(prefix: "run/").map(\.path))")
            try await destination.discard(staged[0])
            return findings
        }
        try await client.shutdown()
        #expect(
            try outcome.get() == [
                "staged: [\"run/part-00001.bin\"]", "pending after discard: []", "listed: [\"run/part-00000.bin\"]",
            ])
    }

    @Test func smallObjectsGoUpWholeAndTheConnectionTestNamesAWrongSecret() async throws {
        let peer = try await SeaweedFS.start()
        defer { peer.stop() }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPTransport.clientConfiguration)
        let outcome = await capture {
            () async throws(DestinationError) -> (ConnectionTestReport, ConnectionTestReport) in
            let destination = try peer.destinationOrThrow(client: client)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("s3-live-\(UUID().uuidString)")
            _ = FileManager.default.createFile(atPath: file.path, contents: Data(Self.bytes(70_000, seed: 2)))
            defer { try? FileManager.default.removeItem(at: file) }
            _ = try await destination.put(path: "small/a b+c.bin", from: file.path)
            let good = await destination.testConnection()
            let wrong = await (try peer.destinationOrThrow(secret: "wrong-secret", client: client)).testConnection()
            return (good, wrong)
        }
        try await client.shutdown()
        let (good, wrong) = try outcome.get()
        #expect(good.succeeded && good.passed == [.connect, .write, .list, .delete])
        #expect(wrong.failedStep == .write)
        #expect(wrong.error?.code == .auth)
        #expect(wrong.error?.message == "PutObject: the secret access key is wrong (SignatureDoesNotMatch)")
        #expect(
            try await peer.sha256(key: "small/a b+c.bin") == AWSSigV4Signer.payloadHash(Self.bytes(70_000, seed: 2)))
    }
}

extension S3DestinationLiveTests.SeaweedFS {
    /// `destination(...)` with configuration errors surfaced as `DestinationError`.
    func destinationOrThrow(secret: String = "outflow-admin-secret", client: HTTPClient) throws(DestinationError)
        -> S3Destination
    {
        do { return try destination(secret: secret, client: client) } catch let error as DestinationError {
            throw error
        } catch {
            throw DestinationError(.invalid, "\(error)")
        }
    }
}

extension SeaweedFSPeer {
    /// SHA-256 of an object as boto3 reads it ("" when it does not exist).
    func sha256(key: String) async throws -> String {
        let script = """
            import boto3, hashlib, sys
            c = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1",
                aws_access_key_id="AKIAOUTFLOWADMIN0001", aws_secret_access_key="outflow-admin-secret")
            try:
                print(hashlib.sha256(c.get_object(Bucket="live", Key=sys.argv[2])["Body"].read()).hexdigest())
            except c.exceptions.NoSuchKey:
                print("")
            """
        let text = String(decoding: try await PythonPeer.check(["-c", script, endpoint, key]), as: UTF8.self)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func destination(secret: String = "outflow-admin-secret", client: HTTPClient) throws -> S3Destination {
        let configuration = S3DestinationConfiguration(
            endpoint: try S3Endpoint(url: endpoint, pathStyle: true), region: "us-east-1", bucket: "live",
            credentials: .keys(try AWSCredentials(accessKeyID: "AKIAOUTFLOWADMIN0001", secretAccessKey: secret)),
            partSize: 5 << 20, parallelParts: 2)
        return S3Destination(
            id: "live", configuration: configuration,
            transport: HTTPTransport(client: client, configuration: .init(outbound: .loopbackPeers)))
    }
}
