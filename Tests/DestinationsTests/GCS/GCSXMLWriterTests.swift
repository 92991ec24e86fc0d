import Foundation
import Testing

@testable import Destinations
@testable import Signing

/// Answers the XML interop API calls the writer makes and records them (the HMAC path's real-peer test needs an
/// S3-compatible server with SigV4 checks).
actor RecordingXMLServer: GCSHTTPExchange {
    private(set) var requests: [GCSRequest] = []
    var failPartNumber: String?
    var bucketMissing = false

    /// The requests after the one-time bucket check (a `ListObjectsV2` of one key).
    var uploadRequests: [GCSRequest] { requests.filter { !$0.url.contains("list-type=2") } }

    func removeBucket() { bucketMissing = true }

    func failPart(_ number: String) { failPartNumber = number }

    func send(_ request: GCSRequest) async throws(DestinationError) -> GCSResponse {
        requests.append(request)
        if bucketMissing {
            return GCSResponse(status: 404, body: Array("<Error><Code>NoSuchBucket</Code></Error>".utf8))
        }
        if request.method == "POST", request.url.hasSuffix("?uploads=") {
            return GCSResponse(
                status: 200,
                body: Array(
                    "<InitiateMultipartUploadResult><UploadId>u&amp;1</UploadId></InitiateMultipartUploadResult>".utf8))
        }
        if request.method == "PUT", request.url.contains("partNumber=") {
            if let failPartNumber, request.url.contains("partNumber=\(failPartNumber)&") {
                return GCSResponse(status: 403, body: Array("<Error><Code>AccessDenied</Code></Error>".utf8))
            }
            return GCSResponse(status: 200, headers: [.init("ETag", "\"e\(requests.count)\"")])
        }
        return GCSResponse(status: 200)
    }
}

@Suite struct GCSXMLWriterTests {
    static func destination(_ server: RecordingXMLServer) throws -> GCSDestination {
        let credentials = try AWSCredentials(accessKeyID: "GOOG1EXAMPLE", secretAccessKey: "hmac-secret-value")
        let configuration = GCSConfiguration(
            bucket: "bkt", endpoint: GCSEndpoint(scheme: "http", host: "127.0.0.1", port: 4443, basePath: ""),
            credentials: .hmac(credentials), chunkSize: 256 * 1024, maxAttempts: 2, baseDelay: .zero)
        return try GCSDestination(
            id: "gcs", configuration: configuration, http: server, now: { Date(timeIntervalSince1970: 1_800_000_000) })
    }

    @Test func aSmallObjectIsOneSigV4PutWithRegionAutoAndPathStyleURL() async throws {
        let server = RecordingXMLServer()
        let gcs = try Self.destination(server)
        let writer = try await gcs.openWriter(path: "ds/a b.json")
        try await writer.write(Array("hello".utf8))
        #expect(try await writer.commit().size == 5)
        let put = try #require(await server.uploadRequests.first)
        #expect(put.method == "PUT" && put.url == "http://127.0.0.1:4443/bkt/ds/a%20b.json")
        let authorization = try #require(put.header("Authorization"))
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=GOOG1EXAMPLE/20270115/auto/s3/aws4_request"))
        #expect(!authorization.contains("hmac-secret-value"))
        #expect(put.header("x-amz-content-sha256") == AWSSigV4Signer.payloadHash(Array("hello".utf8)))
    }

    @Test func theBucketIsCheckedOnceBeforeTheFirstUploadSoAMissingOneIsNamed() async throws {
        let server = RecordingXMLServer()
        let gcs = try Self.destination(server)
        _ = try await gcs.openWriter(path: "a.json")
        _ = try await gcs.openWriter(path: "b.json")
        let checks = await server.requests.filter { $0.url.contains("list-type=2") }
        #expect(checks.count == 1 && checks.first?.url.contains("max-keys=1") == true)

        let missing = RecordingXMLServer()
        await missing.removeBucket()
        let unchecked = try Self.destination(missing)
        do throws(DestinationError) {
            _ = try await unchecked.openWriter(path: "a.json")
            Issue.record("a missing bucket must fail before the upload")
        } catch {
            #expect(error.code == .notFound)
            #expect(error.message.contains("the bucket 'bkt' does not exist (NoSuchBucket)"), "\(error)")
        }
        #expect(await missing.requests.allSatisfy { $0.method == "GET" })
    }

    @Test func aLargeObjectUsesMultipartAndCompletesWithEveryPartsETag() async throws {
        let server = RecordingXMLServer()
        let gcs = try Self.destination(server)
        let writer = try await gcs.openWriter(path: "big.parquet")
        for _ in 0..<5 { try await writer.write([UInt8](repeating: 7, count: 150 * 1024)) }
        #expect(try await writer.commit().size == 750 * 1024)
        let requests = await server.uploadRequests
        #expect(requests.first?.url.hasSuffix("/bkt/big.parquet?uploads=") == true)
        let parts = requests.filter { $0.url.contains("partNumber=") }
        #expect(parts.count == 3 && parts.dropLast().allSatisfy { $0.body.count == 256 * 1024 })
        let complete = try #require(requests.last)
        #expect(complete.method == "POST" && complete.url.hasSuffix("?uploadId=u%261"))
        let document = String(decoding: complete.body, as: UTF8.self)
        #expect(document.contains("<PartNumber>3</PartNumber>") && document.contains("&quot;e"))
    }

    @Test func aFailedPartAbortsTheMultipartUpload() async throws {
        let server = RecordingXMLServer()
        await server.failPart("2")
        let gcs = try Self.destination(server)
        let writer = try await gcs.openWriter(path: "big.parquet")
        do {
            for _ in 0..<8 { try await writer.write([UInt8](repeating: 1, count: 150 * 1024)) }
            _ = try await writer.commit()
            Issue.record("a refused part must fail the upload")
        } catch {
            #expect(error.code == .permission)
        }
        let last = try #require(await server.uploadRequests.last)
        #expect(last.method == "DELETE" && last.url.hasSuffix("?uploadId=u%261"))
    }
}
