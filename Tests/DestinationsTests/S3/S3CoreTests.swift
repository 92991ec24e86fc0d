import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import Destinations
@testable import Signing

@Suite struct S3XMLTests {
    @Test func errorDocumentsKeepOnlyTheCodeCharacters() throws {
        let body = Array(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message>
            <StringToSign>AWS4-HMAC-SHA256 secret-ish</StringToSign></Error>
            """.utf8)
        let document = try #require(S3XML.error(body))
        #expect(document.code == "SignatureDoesNotMatch")
        #expect(S3XML.error(Array("<Error><Code>Bad<script></Code></Error>".utf8))?.code == "Badscript")
        #expect(S3XML.error(Array("<ListBucketResult/>".utf8)) == nil)
    }

    @Test func listPagesDecodeKeysSizesAndTheContinuationToken() throws {
        let xml = """
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name>
            <Contents><Key>a/x &amp; y.json</Key><Size>12</Size><ETag>&quot;e&quot;</ETag></Contents>
            <Contents><Key>a/&#x7A;.json</Key><Size>0</Size></Contents>
            <IsTruncated>true</IsTruncated><NextContinuationToken>tok/+=</NextContinuationToken></ListBucketResult>
            """
        let page = try #require(S3XML.listPage(Array(xml.utf8)))
        #expect(page.objects.map(\.key) == ["a/x & y.json", "a/z.json"])
        #expect(page.objects.map(\.size) == [12, 0])
        #expect(page.nextContinuationToken == "tok/+=")
        let last = try #require(
            S3XML.listPage(Array("<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>".utf8)))
        #expect(last.objects.isEmpty && last.nextContinuationToken == nil)
    }

    @Test func initiateAndListUploadsAnswersAreRead() {
        let initiate =
            "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>abc-123</UploadId></InitiateMultipartUploadResult>"
        #expect(S3XML.uploadID(Array(initiate.utf8)) == "abc-123")
        let uploads = """
            <ListMultipartUploadsResult><Bucket>b</Bucket><UploadIdMarker/><Upload><Key>f/1</Key><UploadId>u1</UploadId></Upload>
            <Upload><Key>f/2</Key><UploadId>u2</UploadId></Upload></ListMultipartUploadsResult>
            """
        #expect(
            S3XML.pendingUploads(Array(uploads.utf8)) == [
                .init(key: "f/1", uploadID: "u1"), .init(key: "f/2", uploadID: "u2"),
            ])
    }

    @Test func theCompleteBodyListsPartsInOrderWithEscapedETags() {
        let body = S3XML.completeBody(parts: [(2, "\"b\""), (1, "\"a\"")])
        #expect(
            body.contains(
                "<Part><PartNumber>1</PartNumber><ETag>&quot;a&quot;</ETag></Part><Part><PartNumber>2</PartNumber>"))
    }
}

@Suite struct S3EndpointTests {
    @Test func customEndpointsParseSchemeHostAndPort() throws {
        let endpoint = try S3Endpoint(url: "http://127.0.0.1:8333/", pathStyle: true)
        #expect(endpoint == S3Endpoint(scheme: "http", host: "127.0.0.1", port: 8333, pathStyle: true))
        #expect(endpoint.hostHeader(bucket: "b") == "127.0.0.1:8333")
        #expect(endpoint.path(bucket: "b", key: "x/y.json") == "/b/x/y.json")
        #expect(endpoint.path(bucket: "b", key: "") == "/b")
        #expect(try S3Endpoint(url: "minio.example", pathStyle: false).scheme == "https")
    }

    @Test func virtualHostStylePutsTheBucketInTheHost() {
        let endpoint = S3Endpoint.aws(region: "eu-west-1")
        #expect(endpoint.hostHeader(bucket: "my-bucket") == "my-bucket.s3.eu-west-1.amazonaws.com")
        #expect(endpoint.path(bucket: "my-bucket", key: "k") == "/k")
    }

    @Test(arguments: ["ftp://h", "http://h/path", "http://user:pw@h", "http://h:99999", "http://h:x", ""])
    func malformedEndpointsAreRejectedNamingTheParameter(url: String) {
        #expect(throws: DestinationError.self) { try S3Endpoint(url: url, pathStyle: true) }
    }
}

@Suite struct S3RequestBuilderTests {
    let builder = S3RequestBuilder(
        endpoint: S3Endpoint(scheme: "http", host: "127.0.0.1", port: 8333, pathStyle: true), bucket: "exports",
        encryption: .kms(keyID: "key-1"))
    let signer: AWSSigV4Signer
    let date = Date(timeIntervalSince1970: 1_700_000_000)

    init() throws {
        signer = AWSSigV4Signer(
            credentials: try AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI"),
            region: "us-east-1")
    }

    @Test func putObjectCarriesContentMD5TheBodyHashAndEncryption() {
        let request = builder.putObject(key: "ds/part 0.json", body: ByteBuffer(string: "hello"))
        #expect(request.signable.header("Content-MD5") == "XUFAKrxLKna5cZ2REBfFkg==")
        #expect(request.payloadHash == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        #expect(request.signable.header("x-amz-server-side-encryption") == "aws:kms")
        #expect(request.signable.header("x-amz-server-side-encryption-aws-kms-key-id") == "key-1")
        let signed = builder.signed(request, signer: signer, date: date)
        #expect(signed.url == "http://127.0.0.1:8333/exports/ds/part%200.json")
        #expect(signed.method == .PUT)
        #expect(signed.headers.first(name: "x-amz-content-sha256") == request.payloadHash)
        #expect(
            signed.headers.first(name: "Authorization")?.hasPrefix(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/s3/aws4_request") == true)
        #expect(signed.body.length == 5)
    }

    @Test func multipartCallsAddressTheUploadAndThePart() {
        let create = builder.signed(builder.createMultipartUpload(key: "k"), signer: signer, date: date)
        #expect(create.url == "http://127.0.0.1:8333/exports/k?uploads=")
        #expect(create.headers.first(name: "x-amz-server-side-encryption") == "aws:kms")
        let part = builder.signed(
            builder.uploadPart(key: "k", uploadID: "u/1", number: 3, body: ByteBuffer(string: "x")), signer: signer,
            date: date)
        #expect(part.url == "http://127.0.0.1:8333/exports/k?partNumber=3&uploadId=u%2F1")
        #expect(part.headers.first(name: "x-amz-server-side-encryption") == nil)
        let abort = builder.signed(builder.abortMultipartUpload(key: "k", uploadID: "u"), signer: signer, date: date)
        #expect(abort.method == .DELETE && abort.url.hasSuffix("/exports/k?uploadId=u"))
    }

    @Test func listingsPageWithTheContinuationToken() {
        let list = builder.signed(
            builder.listObjects(prefix: "a b/", continuationToken: "t+1"), signer: signer, date: date)
        #expect(list.url == "http://127.0.0.1:8333/exports?list-type=2&prefix=a%20b%2F&continuation-token=t%2B1")
    }

    @Test func sessionTokensAreSentAndSigned() throws {
        let temporary = AWSSigV4Signer(
            credentials: try AWSCredentials(accessKeyID: "ASIA1", secretAccessKey: "s", sessionToken: "tok"),
            region: "us-east-1")
        let signed = builder.signed(builder.headObject(key: "k"), signer: temporary, date: date)
        #expect(signed.headers.first(name: "x-amz-security-token") == "tok")
        #expect(signed.headers.first(name: "Authorization")?.contains("x-amz-security-token") == true)
    }
}

@Suite struct S3ErrorMappingTests {
    func mapped(_ status: Int, _ code: String?, operation: String = "PutObject") -> DestinationError {
        let body = code.map { Array("<Error><Code>\($0)</Code><Message>m</Message></Error>".utf8) } ?? []
        return S3ErrorMapping.error(
            HTTPTransportResponse(status: status, body: body), operation: operation, bucket: "exports", path: "p")
    }

    @Test func credentialProblemsSayWhichCredentialIsWrong() {
        #expect(
            mapped(403, "SignatureDoesNotMatch").message
                == "PutObject: the secret access key is wrong (SignatureDoesNotMatch)")
        #expect(mapped(403, "SignatureDoesNotMatch").code == .auth)
        #expect(mapped(403, "InvalidAccessKeyId").message.contains("the access key id is not known"))
        #expect(mapped(400, "ExpiredToken").code == .auth)
    }

    @Test func bucketAndPermissionProblemsNameTheBucket() {
        let missing = mapped(404, "NoSuchBucket")
        #expect(
            missing.code == .notFound && missing.message.contains("the bucket 'exports' does not exist (NoSuchBucket)"))
        let denied = mapped(403, "AccessDenied")
        #expect(denied.code == .permission && denied.message.contains("(AccessDenied)"))
    }

    @Test func damagedUploadsAndThrottlingAreTransient() {
        #expect(mapped(400, "BadDigest").code == .transient)
        #expect(mapped(503, "SlowDown").code == .transient)
        #expect(mapped(400, "EntityTooSmall").code == .invalid)
    }

    @Test func bodilessAnswersAreExplainedFromTheStatus() {
        #expect(mapped(403, nil, operation: "HeadObject").code == .permission)
        #expect(mapped(404, nil, operation: "HeadObject").code == .notFound)
        #expect(mapped(500, nil).code == .transient)
    }
}
