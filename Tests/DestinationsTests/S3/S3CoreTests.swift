import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import Destinations
@testable import Signing

/// A document with a required number, to see shape errors (the service documents read every element as optional).
private struct Counted: XMLResponseDocument {
    static let rootElement = "Counted"
    var count: Int

    enum CodingKeys: String, CodingKey { case count = "Count" }
}

@Suite struct S3XMLTests {
    @Test func errorDocumentsKeepOnlyTheCodeCharacters() throws {
        let body = Array(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message>
            <StringToSign>AWS4-HMAC-SHA256 secret-ish</StringToSign></Error>
            """.utf8)
        let document = try #require(XMLErrorDocument.read(body))
        #expect(document.safeCode == "SignatureDoesNotMatch")
        #expect(document.message == "The request signature we calculated does not match")
        #expect(
            XMLErrorDocument.read(Array("<Error><Code>Bad&lt;script&gt;</Code></Error>".utf8))?.safeCode == "Badscript")
        #expect(XMLErrorDocument.read(Array("<ListBucketResult/>".utf8)) == nil)
        #expect(XMLErrorDocument.read(Array("<Error><Code>Bad<script></Code></Error>".utf8)) == nil)
    }

    @Test func listPagesDecodeKeysSizesAndTheContinuationToken() throws {
        let xml = """
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name>
            <Contents><Key>a/x &amp; y.json</Key><Size>12</Size><ETag>&quot;e&quot;</ETag></Contents>
            <Contents><Key>a/&#x7A;.json</Key><Size>0</Size></Contents>
            <Contents>
              <Key> spaced </Key>
            </Contents>
            <IsTruncated>true</IsTruncated><NextContinuationToken>tok/+=</NextContinuationToken></ListBucketResult>
            """
        let page = try S3Destination.listPage(Array(xml.utf8), prefix: "")
        #expect(page.objects.map(\.path) == ["a/x & y.json", "a/z.json", " spaced "])
        #expect(page.objects.map(\.size) == [12, 0, 0])
        #expect(page.nextContinuationToken == "tok/+=")
        let last = try S3Destination.listPage(
            Array("<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>".utf8), prefix: "")
        #expect(last.objects.isEmpty && last.nextContinuationToken == nil)
    }

    @Test(arguments: [
        "", "<html>", "not xml", "<Error><Code>NoSuchBucket</Code></Error>", "<ListBucketResult><Contents>",
        "<ListBucketResult>\n\n\n<Contents><Size>1</Size></Contents>\n\n</ListBucketResult>",
        "<ListBucketResult>\n\n<Contents>\n\n</ListBucket>",
    ])
    func malformedListPagesAreTypedErrors(_ body: String) {
        #expect(throws: DestinationError.self) { try S3Destination.listPage(Array(body.utf8), prefix: "p") }
        do {
            _ = try S3Destination.listPage(Array(body.utf8), prefix: "p")
        } catch {
            #expect(error.code == .io && error.path == "p" && error.message.hasPrefix("ListObjectsV2: "))
        }
    }

    @Test func initiateAndListUploadsAnswersAreRead() throws {
        let initiate =
            "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>abc-123</UploadId></InitiateMultipartUploadResult>"
        #expect(S3InitiateMultipartUploadResult.uploadID(Array(initiate.utf8)) == "abc-123")
        #expect(S3InitiateMultipartUploadResult.uploadID(Array("<Error><UploadId>x</UploadId></Error>".utf8)) == nil)
        let uploads = """
            <ListMultipartUploadsResult><Bucket>b</Bucket><UploadIdMarker/><Upload><Key>f/1</Key><UploadId>u1</UploadId></Upload>
            <Upload><Key>f/2</Key><UploadId>u2</UploadId></Upload><Upload><Key>f/3</Key></Upload></ListMultipartUploadsResult>
            """
        let pending = try S3Destination.pendingUploads(Array(uploads.utf8), prefix: "f/")
        #expect(pending.map(\.key) == ["f/1", "f/2"] && pending.map(\.uploadID) == ["u1", "u2"])
        #expect(throws: DestinationError.self) { try S3Destination.pendingUploads(Array("<html>".utf8), prefix: "") }
    }

    @Test func theCompleteBodyListsPartsInOrderWithEscapedETags() throws {
        let body = String(
            decoding: try XMLDocuments.encode(S3CompleteMultipartUpload(parts: [(2, "\"b\""), (1, "\"a&<\"")])),
            as: UTF8.self)
        #expect(
            body
                == #"<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Part><PartNumber>1</PartNumber>"#
                + "<ETag>&quot;a&amp;&lt;&quot;</ETag></Part><Part><PartNumber>2</PartNumber><ETag>&quot;b&quot;</ETag></Part>"
                + "</CompleteMultipartUpload>")
        let plain = String(
            decoding: try XMLDocuments.encode(S3CompleteMultipartUpload(parts: [(1, "e")], namespaced: false)),
            as: UTF8.self)
        #expect(
            plain
                == "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>e</ETag></Part></CompleteMultipartUpload>"
        )
    }

    @Test func documentErrorsNameTheProblemWithoutTheDocumentText() {
        let deep = "<Error>" + String(repeating: "<a>", count: 200_000) + String(repeating: "</a>", count: 200_000)
        #expect(throws: XMLDocumentError.tooDeep(limit: 32)) {
            try XMLDocuments.decode(XMLErrorDocument.self, from: Array((deep + "</Error>").utf8))
        }
        #expect(throws: XMLDocumentError.notXML) {
            try XMLDocuments.decode(XMLErrorDocument.self, from: Array("x".utf8))
        }
        #expect(throws: XMLDocumentError.unexpectedRoot(expected: "Error", found: "Secret")) {
            try XMLDocuments.decode(XMLErrorDocument.self, from: Array("<Secret>token</Secret>".utf8))
        }
        #expect(throws: XMLDocumentError.malformed(root: "Counted", path: "Count")) {
            try XMLDocuments.decode(Counted.self, from: Array("<Counted><Count>many</Count></Counted>".utf8))
        }
        #expect(throws: XMLDocumentError.malformed(root: "Counted", path: "Count")) {
            try XMLDocuments.decode(Counted.self, from: Array("<Counted/>".utf8))
        }
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
