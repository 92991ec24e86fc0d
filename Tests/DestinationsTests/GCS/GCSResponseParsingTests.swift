import Testing

@testable import Destinations

@Suite struct GCSResponseParsingTests {
    @Test func jsonListingPagesCarryObjectsSizesAndTheNextToken() throws {
        let body = #"""
            {"kind":"storage#objects","nextPageToken":"CgNhL2I=","items":[
             {"name":"a/1.parquet","size":"12"},{"name":"a/2.json","size":"3000000000"}]}
            """#
        let page = try GCSListPage.parseJSON(Array(body.utf8))
        #expect(page.objects == [.init(path: "a/1.parquet", size: 12), .init(path: "a/2.json", size: 3_000_000_000)])
        #expect(page.nextPageToken == "CgNhL2I=")
        let last = try GCSListPage.parseJSON(Array(#"{"kind":"storage#objects"}"#.utf8))
        #expect(last.objects.isEmpty && last.nextPageToken == nil)
        #expect(throws: DestinationError.self) { try GCSListPage.parseJSON(Array("<html>".utf8)) }
    }

    @Test func xmlListingPagesDecodeEntitiesAndContinuationTokens() throws {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>b</Name><IsTruncated>true</IsTruncated>
            <Contents><Key>a/x &amp; y.json</Key><Size>5</Size></Contents>
            <Contents><Key>a/&#x41;.json</Key><Size>7</Size></Contents>
            <NextContinuationToken>t&amp;1</NextContinuationToken></ListBucketResult>
            """
        let page = try GCSListPage.parseXML(Array(body.utf8))
        #expect(page.objects == [.init(path: "a/x & y.json", size: 5), .init(path: "a/A.json", size: 7)])
        #expect(page.nextPageToken == "t&1")
        let done = try GCSListPage.parseXML(
            Array("<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>".utf8))
        #expect(done.nextPageToken == nil && done.objects.isEmpty)
    }

    static func error(_ status: Int, _ body: String = "") -> DestinationError {
        GCSErrorMapping.error(
            for: GCSResponse(status: status, body: Array(body.utf8)), operation: "write objects", path: "p",
            bucket: "exports")
    }

    @Test func statusesMapToStableCodesWithActionableMessages() {
        let missing = Self.error(
            404,
            #"{"error":{"code":404,"message":"The specified bucket does not exist.","errors":[{"reason":"notFound"}]}}"#
        )
        #expect(missing.code == .notFound && missing.message.contains("bucket 'exports' does not exist"))
        #expect(missing.message.contains("The specified bucket does not exist."))
        let forbidden = Self.error(403, #"{"error":{"code":403,"message":"no storage.objects.create"}}"#)
        #expect(forbidden.code == .permission && forbidden.message.contains("grant"))
        #expect(Self.error(401).code == .auth)
        #expect(Self.error(503).code == .transient && Self.error(429).code == .transient)
        #expect(Self.error(400).code == .invalid && Self.error(418).code == .io)
        let signature = Self.error(
            403,
            "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match"
                + "</Message><StringToSign>AWS4-HMAC-SHA256</StringToSign></Error>")
        #expect(signature.code == .auth && signature.message.contains("secretAccessKey"))
        #expect(!signature.message.contains("StringToSign"))
    }

    @Test func serverMessagesAreCutToOneBoundedLine() {
        let long = String(repeating: "x", count: 500)
        let error = Self.error(500, #"{"error":{"message":"line1\n\#(long)"}}"#)
        #expect(!error.message.contains("\n") && error.message.count < 400)
    }
}
