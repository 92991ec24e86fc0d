import Foundation
import OutflowTestSupport
import Testing

@testable import Signing

/// AWS's published S3 "Examples of signature calculations" (GET object, PUT object, lifecycle, list, presigned).
@Suite(.onDedicatedThreads) struct AWSSigV4SignerTests {
    static let may24 = Date(timeIntervalSince1970: 1_369_353_600)  // 20130524T000000Z

    static func s3Signer() throws -> AWSSigV4Signer {
        let credentials = try AWSCredentials(
            accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        return AWSSigV4Signer(credentials: credentials, region: "us-east-1")
    }

    struct Example: Sendable, CustomTestStringConvertible {
        var name: String
        var request: SignableRequest
        var payloadHash: String
        var signedHeaders: String
        var signature: String
        var testDescription: String { name }
    }

    static let examples: [Example] = [
        Example(
            name: "GET object with a Range header",
            request: SignableRequest(
                method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/test.txt",
                headers: [.init("Range", "bytes=0-9")]),
            payloadHash: AWSSigV4Signer.emptyPayloadHash,
            signedHeaders: "host;range;x-amz-content-sha256;x-amz-date",
            signature: "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
        Example(
            name: "PUT object whose key needs encoding",
            request: SignableRequest(
                method: "PUT", host: "examplebucket.s3.amazonaws.com", path: "/test$file.text",
                headers: [
                    .init("Date", "Fri, 24 May 2013 00:00:00 GMT"), .init("x-amz-storage-class", "REDUCED_REDUNDANCY"),
                ]),
            payloadHash: AWSSigV4Signer.payloadHash(Array("Welcome to Amazon S3.".utf8)),
            signedHeaders: "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
            signature: "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"),
        Example(
            name: "GET bucket lifecycle (query item without a value)",
            request: SignableRequest(
                method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/", query: [.init("lifecycle", "")]),
            payloadHash: AWSSigV4Signer.emptyPayloadHash,
            signedHeaders: "host;x-amz-content-sha256;x-amz-date",
            signature: "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"),
        Example(
            name: "list objects (query items sorted)",
            request: SignableRequest(
                method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/",
                query: [.init("prefix", "J"), .init("max-keys", "2")]),
            payloadHash: AWSSigV4Signer.emptyPayloadHash,
            signedHeaders: "host;x-amz-content-sha256;x-amz-date",
            signature: "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"),
    ]

    @Test(arguments: examples)
    func signatureMatchesAWSPublishedS3Example(_ example: Example) throws {
        let signed = try Self.s3Signer().sign(example.request, payloadHash: example.payloadHash, date: Self.may24)
        let expected =
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            + "SignedHeaders=\(example.signedHeaders),Signature=\(example.signature)"
        #expect(signed.header("authorization") == expected)
        #expect(signed.header("x-amz-date") == "20130524T000000Z")
        #expect(signed.header("x-amz-content-sha256") == example.payloadHash)
    }

    @Test func getObjectCanonicalRequestMatchesAWSExample() throws {
        let signer = try Self.s3Signer()
        let request = try #require(Self.examples.first).request
        let signed = signer.sign(request, payloadHash: AWSSigV4Signer.emptyPayloadHash, date: Self.may24)
        var unsigned = signed
        unsigned.headers.removeAll { $0.name == "Authorization" }
        let canonical = signer.canonicalRequest(unsigned, payloadHash: AWSSigV4Signer.emptyPayloadHash)
        #expect(
            canonical.text == """
                GET
                /test.txt

                host:examplebucket.s3.amazonaws.com
                range:bytes=0-9
                x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-amz-date:20130524T000000Z

                host;range;x-amz-content-sha256;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """)
        #expect(
            signer.stringToSign(canonicalRequest: canonical.text, date: Self.may24) == """
                AWS4-HMAC-SHA256
                20130524T000000Z
                20130524/us-east-1/s3/aws4_request
                7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972
                """)
    }

    @Test func presignedURLMatchesAWSPublishedExample() throws {
        let request = SignableRequest(method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/test.txt")
        let url = try Self.s3Signer().presignedURL(for: request, expires: 86_400, date: Self.may24)
        #expect(
            url == "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }

    @Test(arguments: [0, -1, 604_801])
    func presignRejectsExpiryOutsideSevenDays(_ expires: Int) throws {
        let request = SignableRequest(method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/test.txt")
        #expect(throws: SigningError.self) {
            try Self.s3Signer().presignedURL(for: request, expires: expires, date: Self.may24)
        }
    }

    @Test func sessionTokenIsSentAndSigned() throws {
        let credentials = try AWSCredentials(
            accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret-value", sessionToken: "token-value")
        let signer = AWSSigV4Signer(credentials: credentials, region: "eu-west-1")
        let request = SignableRequest(method: "PUT", host: "b.s3.eu-west-1.amazonaws.com", path: "/k")
        let signed = signer.sign(request, payloadHash: AWSSigV4Signer.unsignedPayload, date: Self.may24)
        #expect(signed.header("x-amz-security-token") == "token-value")
        #expect(signed.header("x-amz-content-sha256") == "UNSIGNED-PAYLOAD")
        #expect(signed.header("Authorization")?.contains("x-amz-date;x-amz-security-token,") == true)
        let url = try signer.presignedURL(for: request, expires: 60, date: Self.may24)
        #expect(url.contains("&X-Amz-Security-Token=token-value&"))
    }

    @Test func pathSegmentsAreEncodedOnceAndSlashesKept() {
        let request = SignableRequest(method: "GET", host: "h", path: "/bucket/a b/c%d/ü+x=y/")
        #expect(request.encodedPath == "/bucket/a%20b/c%25d/%C3%BC%2Bx%3Dy/")
    }

    @Test func credentialsDescriptionRedactsSecretAndToken() throws {
        let credentials = try AWSCredentials(
            accessKeyID: "AKIAX", secretAccessKey: "very-secret", sessionToken: "session-secret")
        let texts = [
            "\(credentials)", String(reflecting: credentials),
            "\(AWSSigV4Signer(credentials: credentials, region: "r"))",
        ]
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in texts + [dumped] {
            #expect(!text.contains("very-secret") && !text.contains("session-secret"))
        }
        #expect(texts[0].contains("AKIAX"))
    }

    @Test func emptySecretIsRejectedWithoutEchoingInput() {
        #expect(throws: SigningError(.invalidCredential, "the secret access key is empty", field: "s3SecretKey")) {
            try AWSCredentials(accessKeyID: "AKIAX", secretAccessKey: "")
        }
    }

    @Test func signingAgainAtALaterDateReplacesDateAndAuthorization() throws {
        let signer = try Self.s3Signer()
        let request = SignableRequest(method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/test.txt")
        let later = Self.may24.addingTimeInterval(90_000)
        let first = signer.sign(request, payloadHash: AWSSigV4Signer.emptyPayloadHash, date: Self.may24)
        let again = signer.sign(first, payloadHash: AWSSigV4Signer.emptyPayloadHash, date: later)
        let fresh = signer.sign(request, payloadHash: AWSSigV4Signer.emptyPayloadHash, date: later)
        #expect(again.header("Authorization") == fresh.header("Authorization"))
        #expect(again.headers.filter { $0.name.lowercased() == "authorization" }.count == 1)
        #expect(again.header("x-amz-date") == "20130525T010000Z")
    }
}
