import Foundation
import Testing
import _CryptoExtras

@testable import Destinations
@testable import Signing

@Suite struct GCSDestinationTests {
    static let endpoint = GCSEndpoint(scheme: "http", host: "fake", port: nil, basePath: "")

    static func destination(
        _ server: FakeGCSServer, credentials: GCSCredentials = .anonymous,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws -> GCSDestination {
        let configuration = GCSConfiguration(
            bucket: "bkt", endpoint: endpoint, credentials: credentials, chunkSize: 256 * 1024, maxAttempts: 3,
            baseDelay: .zero)
        return try GCSDestination(id: "gcs", configuration: configuration, http: server, now: now)
    }

    static func serviceAccount() throws -> GCSCredentials {
        let pem = try _RSA.Signing.PrivateKey(keySize: .bits2048).pkcs8PEMRepresentation
        let json = try JSONSerialization.data(withJSONObject: [
            "type": "service_account", "client_email": "exporter@p.iam.gserviceaccount.com", "private_key": pem,
        ])
        return .serviceAccount(try GoogleServiceAccountKey(json: json), tokenURI: "http://fake/token")
    }

    @Test func aDroppedChunkIsResumedFromThePersistedOffsetAndTheObjectIsByteIdentical() async throws {
        let server = FakeGCSServer()
        let gcs = try Self.destination(server)
        let data = GCSResumableUploadTests.bytes(4 * 256 * 1024 + 100, seed: 3)
        let writer = try await gcs.openWriter(path: "ds/part-0.parquet")
        try await writer.write(Array(data[0..<(2 * 256 * 1024)]))
        await server.dropNextChunk(after: 300 * 1024)
        try await writer.write(Array(data[(2 * 256 * 1024)...]))
        #expect(try await gcs.exists(path: "ds/part-0.parquet") == false)
        let result = try await writer.commit()
        #expect(result.size == Int64(data.count))
        #expect(await server.objects["ds/part-0.parquet"] == data)
        let statusQueries = await server.requests.filter { $0.header("Content-Range") == "bytes */*" }
        #expect(statusQueries.count == 1)
    }

    @Test func anAbortedUploadLeavesNothingVisible() async throws {
        let server = FakeGCSServer()
        let gcs = try Self.destination(server)
        let writer = try await gcs.openWriter(path: "ds/part-1.json")
        try await writer.write(GCSResumableUploadTests.bytes(300 * 1024))
        await writer.abort()
        #expect(try await gcs.list(prefix: "").isEmpty)
        let cancels = await server.requests.filter { $0.method == "DELETE" && $0.url.contains("/session/") }
        #expect(cancels.count == 1)
    }

    @Test func listingFollowsPageTokensAndDeleteOfAMissingObjectSucceeds() async throws {
        let server = FakeGCSServer()
        for name in ["a/3", "a/1", "b/9", "a/2", "a/5", "a/4"] { await server.put(name, [1, 2]) }
        let gcs = try Self.destination(server)
        let listed = try await gcs.list(prefix: "a/")
        #expect(listed.map(\.path) == ["a/1", "a/2", "a/3", "a/4", "a/5"] && listed.allSatisfy { $0.size == 2 })
        #expect(await server.requests.filter { $0.url.contains("pageToken=") }.count == 2)
        try await gcs.delete(path: "a/1")
        try await gcs.delete(path: "a/1")
        #expect(try await gcs.exists(path: "a/1") == false)
    }

    @Test func transientStatusesAreRetriedAndTheTestReportPassesEveryStep() async throws {
        let server = FakeGCSServer()
        let gcs = try Self.destination(server)
        await server.failNext(with: 503)
        let report = await gcs.testConnection()
        #expect(report.succeeded && report.passed == [.connect, .write, .list, .delete])
        #expect(await server.objects.isEmpty)
    }

    @Test func aServiceAccountTokenIsExchangedOnceSentAsBearerAndRefreshedBeforeExpiry() async throws {
        let server = FakeGCSServer()
        let clock = TestClock()
        let gcs = try Self.destination(server, credentials: try Self.serviceAccount(), now: { clock.now })
        _ = try await gcs.exists(path: "x")
        _ = try await gcs.list(prefix: "")
        #expect(await server.tokensIssued == 1)
        let dataCalls = await server.requests.filter { $0.url != "http://fake/token" }
        #expect(dataCalls.allSatisfy { $0.header("Authorization") == "Bearer tok-1" })
        let exchange = try #require(await server.requests.first { $0.url == "http://fake/token" })
        #expect(String(decoding: exchange.body, as: UTF8.self).hasPrefix("grant_type=urn%3Aietf%3Aparams"))
        clock.advance(by: 3600 - 299)
        _ = try await gcs.exists(path: "x")
        #expect(await server.tokensIssued == 2)
        #expect(await server.requests.last?.header("Authorization") == "Bearer tok-2")
    }

    @Test func a401RefreshesTheTokenOnceAndRetries() async throws {
        let server = FakeGCSServer()
        let gcs = try Self.destination(server, credentials: try Self.serviceAccount())
        _ = try await gcs.exists(path: "x")
        await server.failNext(with: 401)
        #expect(try await gcs.exists(path: "x") == false)
        #expect(await server.tokensIssued == 2)
    }

    @Test func aRefusedTokenIsAnAuthErrorWithoutTheAssertion() async throws {
        let key = try Self.serviceAccount()
        guard case .serviceAccount(let account, _) = key else { return }
        let cache = GCSAccessTokenCache(key: account) { _ async throws(DestinationError) in
            GCSResponse(status: 400, body: Array(#"{"error":"invalid_grant","error_description":"bad sig"}"#.utf8))
        }
        do {
            _ = try await cache.authorization()
            Issue.record("a refused exchange must throw")
        } catch {
            #expect(error.code == .auth && error.message.contains("invalid_grant"))
            #expect(!error.message.contains("eyJ"))
        }
    }
}

/// A settable clock for token-expiry tests.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)

    var now: Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}
