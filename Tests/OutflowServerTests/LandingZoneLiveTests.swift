import Destinations
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import HTTPAPI
@testable import OutflowServer
@testable import Signing

/// Outflow's Azure destinations against Outflow's own landing zone on a real socket.
@Suite("Landing zone, live")
struct LandingZoneLiveTests {
    static let key = Data((0..<32).map { UInt8(truncatingIfNeeded: $0 &* 7) }).base64EncodedString()

    static func withZone(_ body: @Sendable (String, TestServer) async throws -> Void) async throws {
        let fixture = try TestServer()
        var configuration = fixture.configuration
        configuration.landingZoneAccount = "acct"
        configuration.landingZoneKey = key
        var logger = Logger(label: "outflow.test")
        logger.logLevel = .warning
        let app = Application(
            router: OutflowApplication.router(lake: fixture.lake, configuration: configuration), logger: logger)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try FileManager.default.createDirectory(
                atPath: fixture.directory.path + "/landing-zone/exports", withIntermediateDirectories: true)
            try await body("http://127.0.0.1:\(port)/acct", fixture)
        }
    }

    static func roundTrip(_ destination: any Destination, size: Int) async throws {
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let writer = try await destination.openWriter(path: "run/part-0.bin")
        for start in stride(from: 0, to: size, by: 777) {
            try await writer.write(Array(bytes[start..<min(size, start + 777)]))
        }
        #expect(try await destination.exists(path: "run/part-0.bin") == false)
        #expect(try await destination.list(prefix: "run/").isEmpty)
        let result = try await writer.commit()
        #expect(result.size == Int64(size))
        #expect(
            try await destination.list(prefix: "run/") == [DestinationObject(path: "run/part-0.bin", size: Int64(size))]
        )
        #expect(try await destination.exists(path: "run/part-0.bin"))
        try await destination.delete(path: "run/part-0.bin")
        try await destination.delete(path: "run/part-0.bin")
        #expect(try await destination.exists(path: "run/part-0.bin") == false)
    }

    @Test("the Blob destination uploads in blocks, commits once and lists, checks and deletes over SharedKey")
    func blobDestinationInBlocks() async throws {
        try await Self.withZone { endpoint, fixture in
            let destination = try AzureBlobDestination(
                connectionString: "AccountName=acct;AccountKey=\(Self.key);BlobEndpoint=\(endpoint)", sasToken: nil,
                container: "exports", blockSize: 4096, outbound: .loopbackPeers)
            try await Self.roundTrip(destination, size: 20_000)
            let report = await destination.testConnection()
            #expect(report.succeeded)
            let staging = fixture.directory.path + "/landing-zone/.staging/exports"
            let left = (try? FileManager.default.subpathsOfDirectory(atPath: staging)) ?? []
            #expect(left.isEmpty)
        }
    }

    @Test("an aborted block upload leaves nothing visible")
    func abortedUpload() async throws {
        try await Self.withZone { endpoint, _ in
            let destination = try AzureBlobDestination(
                connectionString: "AccountName=acct;AccountKey=\(Self.key);BlobEndpoint=\(endpoint)", sasToken: nil,
                container: "exports", blockSize: 100, outbound: .loopbackPeers)
            let writer = try await destination.openWriter(path: "x/y.bin")
            try await writer.write(Array(repeating: 1, count: 1000))
            await writer.abort()
            #expect(try await destination.list(prefix: "").isEmpty)
        }
    }

    @Test("the ADLS Gen2 destination appends, flushes and renames into place over SharedKey")
    func adlsDestination() async throws {
        try await Self.withZone { endpoint, _ in
            let location = try ADLSGen2Location(url: endpoint + "/exports")
            let credential = try AzureSharedKeyCredential(accountName: "acct", accountKey: Self.key)
            let destination = try ADLSGen2Destination(
                endpoint: location.endpoint, fileSystem: location.fileSystem ?? "", credential: .sharedKey(credential),
                appendSize: 5000, outbound: .loopbackPeers)
            try await Self.roundTrip(destination, size: 12_345)
        }
    }

    @Test("a wrong key is an auth error naming the failed step")
    func wrongKey() async throws {
        try await Self.withZone { endpoint, _ in
            let wrong = Data(repeating: 9, count: 32).base64EncodedString()
            let destination = try AzureBlobDestination(
                connectionString: "AccountName=acct;AccountKey=\(wrong);BlobEndpoint=\(endpoint)", sasToken: nil,
                container: "exports", outbound: .loopbackPeers)
            let report = await destination.testConnection()
            #expect(report.failedStep == .write)
            #expect(report.error?.code == .auth)
            #expect(report.error?.message.contains("AuthenticationFailed") == true)
            #expect(report.error?.message.contains(wrong) == false)
        }
    }
}
