import Foundation
import OutflowTestSupport
import SFTP
import Testing

@testable import Destinations

/// SFTPDestination against a real OpenSSH server on 127.0.0.1 (one per test; serialized because the peers
/// share one system user). What arrives is checked on the server's disk, not through our own client.
@Suite(.serialized, .onDedicatedThreads, .tags(.peers), .needsPeers) struct SFTPDestinationLiveTests {
    private func localFile(size: Int, seed: UInt8) throws -> (String, [UInt8]) {
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) ^ seed }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sftp-src-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (path, bytes)
    }

    @Test func putDeliversByteIdenticalFilesInNestedFoldersWithNothingStaged() async throws {
        try await OpenSSHPeer.with { peer in
            let destination = try SFTPDestination(
                configuration: peer.configuration(pin: peer.fingerprint), outbound: .loopbackPeers)
            // Not a multiple of the 32 KiB write size, and larger than the pipelining window.
            let (source, bytes) = try localFile(size: 3 * 1024 * 1024 + 12_345, seed: 7)
            defer { try? FileManager.default.removeItem(atPath: source) }
            let result = try await destination.put(path: "ds/exportTime=1/part-00000.parquet", from: source)
            #expect(result == PutResult(path: "ds/exportTime=1/part-00000.parquet", size: Int64(bytes.count)))
            let delivered = peer.upload + "/exports/ds/exportTime=1/part-00000.parquet"
            #expect(FileManager.default.contents(atPath: delivered) == Data(bytes))
            #expect(peer.files(under: peer.upload) == ["exports/ds/exportTime=1/part-00000.parquet"])
            #expect(try await destination.exists(path: "ds/exportTime=1/part-00000.parquet"))
            #expect(try await destination.exists(path: "ds/missing.parquet") == false)
            #expect(
                try await destination.list(prefix: "ds/")
                    == [DestinationObject(path: "ds/exportTime=1/part-00000.parquet", size: Int64(bytes.count))])
            try await destination.delete(path: "ds/exportTime=1/part-00000.parquet")
            try await destination.delete(path: "ds/exportTime=1/part-00000.parquet")
            #expect(try await destination.list(prefix: "").isEmpty)
        }
    }

    @Test func putReplacesAnExistingObject() async throws {
        try await OpenSSHPeer.with { peer in
            let destination = try SFTPDestination(configuration: peer.configuration(), outbound: .loopbackPeers)
            let (first, _) = try localFile(size: 100_000, seed: 1)
            let (second, bytes) = try localFile(size: 5, seed: 2)
            _ = try await destination.put(path: "a.bin", from: first)
            _ = try await destination.put(path: "a.bin", from: second)
            #expect(FileManager.default.contents(atPath: peer.upload + "/exports/a.bin") == Data(bytes))
        }
    }

    @Test func keyAuthenticationWorksAndStreamingWritersCommitOrAbort() async throws {
        try await OpenSSHPeer.with { peer in
            let key = try SFTPCredential.privateKey(openSSH: peer.sshKey)
            let destination = try SFTPDestination(
                configuration: peer.configuration(credential: key, pin: peer.fingerprint, remotePath: "k"),
                outbound: .loopbackPeers)
            let writer = try await destination.openWriter(path: "x/y.json")
            try await writer.write(Array("{\"a\":1}\n".utf8))
            #expect(try await destination.list(prefix: "").isEmpty)
            #expect(peer.files(under: peer.upload).count == 1)  // only the staged file
            #expect(try await writer.commit().size == 8)
            let aborted = try await destination.openWriter(path: "x/z.json")
            try await aborted.write([UInt8](repeating: 1, count: 100_000))
            await aborted.abort()
            #expect(peer.files(under: peer.upload) == ["k/x/y.json"])
        }
    }

    @Test func aStagingFileADeadWriterLeftIsListedAndDiscarded() async throws {
        try await OpenSSHPeer.with { peer in
            let destination = try SFTPDestination(
                configuration: peer.configuration(pin: peer.fingerprint), outbound: .loopbackPeers)
            let committed = try await destination.openWriter(path: "run/part-00000.json")
            try await committed.write([1, 2, 3])
            _ = try await committed.commit()
            // Dropped without commit or abort, as a killed process leaves it.
            var dead: (any DestinationWriter)? = try await destination.openWriter(path: "run/part-00001.json")
            try await dead?.write([UInt8](repeating: 9, count: 70_000))
            dead = nil
            let staged = try await destination.stagedUploads(prefix: "run/")
            #expect(staged.map(\.path) == ["run/part-00001.json"])
            for upload in staged { try await destination.discard(upload) }
            #expect(try await destination.stagedUploads(prefix: "run/").isEmpty)
            #expect(peer.files(under: peer.upload) == ["exports/run/part-00000.json"])
            await #expect(throws: DestinationError.self) {
                try await destination.discard(StagedUpload(path: "run/part-00000.json", handle: "run/part-00000.json"))
            }
        }
    }

    @Test func connectionTestPassesEveryStepAndLeavesNothing() async throws {
        try await OpenSSHPeer.with { peer in
            let report = try await SFTPDestination(
                configuration: peer.configuration(pin: peer.fingerprint), outbound: .loopbackPeers
            )
            .testConnection()
            #expect(report.succeeded)
            #expect(report.passed == [.connect, .hostKey, .auth, .write, .list, .delete])
            #expect(peer.files(under: peer.upload).isEmpty)
        }
    }

    @Test func aWrongHostKeyPinIsRefusedShowingTheServersFingerprint() async throws {
        try await OpenSSHPeer.with { peer in
            let pin = SSHKeyFixtures.ed25519Fingerprint
            let report = try await SFTPDestination(
                configuration: peer.configuration(pin: pin), outbound: .loopbackPeers
            ).testConnection()
            #expect(report.failedStep == .hostKey)
            #expect(report.passed == [.connect])
            let message = report.error?.message ?? ""
            #expect(message.contains(peer.fingerprint) && message.contains(pin))
            #expect(peer.files(under: peer.upload).isEmpty)
        }
    }

    @Test func aWrongPasswordFailsAuthWithoutEchoingIt() async throws {
        try await OpenSSHPeer.with { peer in
            let wrong = "not-the-password-\(UInt32.random(in: 0...UInt32.max))"
            let destination = try SFTPDestination(
                configuration: peer.configuration(credential: .password(wrong)), outbound: .loopbackPeers)
            let report = await destination.testConnection()
            #expect(report.failedStep == .auth)
            #expect(report.error?.code == .auth)
            #expect(report.error?.message.contains("rejected the password") == true)
            #expect(!String(describing: report).contains(wrong))
            await #expect(throws: DestinationError.self) { try await destination.list(prefix: "") }
        }
    }

    @Test func anUnwritableRemotePathFailsTheWriteStepWithPermission() async throws {
        try await OpenSSHPeer.with { peer in
            let destination = try SFTPDestination(
                configuration: peer.configuration(remotePath: peer.readonly + "/sub"), outbound: .loopbackPeers)
            let report = await destination.testConnection()
            #expect(report.failedStep == .write)
            #expect(report.error?.code == .permission)
            #expect(peer.files(under: peer.readonly).isEmpty && peer.files(under: peer.upload).isEmpty)
        }
    }

    @Test func nothingListensMeansTheConnectStepFails() async throws {
        var configuration = SFTPConfiguration(
            host: "127.0.0.1", port: 1, username: "u", credential: .password("p"), remotePath: "x")
        configuration.connectTimeout = .seconds(5)
        let report = try await SFTPDestination(configuration: configuration, outbound: .loopbackPeers).testConnection()
        #expect(report.failedStep == .connect)
        #expect(report.error?.code == .transient)
    }
}
