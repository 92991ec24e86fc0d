import Foundation
import OutflowTestSupport
import Testing

@testable import Signing

/// Service SAS issuing and verification, cross-checked with the official SDK's `generate_*_sas`.
@Suite(.onDedicatedThreads, .tags(.peers), .needsPeers) struct AzureSASTokenTests {
    static let credential: AzureSharedKeyCredential? = try? AzureSharedKeyCredential(
        accountName: "outflowacct", accountKey: AzureSharedKeySignerTests.accountKey)
    static let start = Date(timeIntervalSince1970: 1_700_000_000)
    static let expiry = Date(timeIntervalSince1970: 1_700_086_400)

    static let sdkScript = """
        import json, sys, datetime
        from azure.storage.blob import generate_blob_sas, generate_container_sas
        job = json.load(sys.stdin)
        utc = datetime.timezone.utc
        start = datetime.datetime.fromtimestamp(job["start"], utc)
        expiry = datetime.datetime.fromtimestamp(job["expiry"], utc)
        print(json.dumps([
            generate_container_sas(job["account"], "landing", account_key=job["key"], permission="rl",
                                   start=start, expiry=expiry),
            generate_blob_sas(job["account"], "landing", "dir/part 0.parquet", account_key=job["key"],
                              permission="racwd", start=start, expiry=expiry, protocol="https"),
        ]))
        """

    func credential() throws -> AzureSharedKeyCredential { try #require(Self.credential) }

    @Test
    func tokensFromOfficialSDKVerifyAndMatchOurSignatures() async throws {
        let job: [String: Any] = [
            "account": "outflowacct", "key": AzureSharedKeySignerTests.accountKey,
            "start": Self.start.timeIntervalSince1970, "expiry": Self.expiry.timeIntervalSince1970,
        ]
        let output = try await PythonOracle.run(Self.sdkScript, input: try JSONSerialization.data(withJSONObject: job))
        let tokens = try JSONDecoder().decode([String].self, from: output)
        try #require(tokens.count == 2)
        let now = Self.start.addingTimeInterval(60)
        let container = try AzureSASToken(query: tokens[0])
        let grant = try container.verify(
            credential: credential(), container: "landing", blob: "any/blob", required: [.read, .list], now: now)
        #expect(grant.permissions == [.read, .list] && grant.expiry == Self.expiry)
        let ours = try AzureSASToken.issue(
            credential: credential(), container: "landing", permissions: [.read, .list], start: Self.start,
            expiry: Self.expiry, version: container.version)
        #expect(ours.fields["sig"] == container.fields["sig"])

        let blob = try AzureSASToken(query: tokens[1])
        _ = try blob.verify(
            credential: credential(), container: "landing", blob: "dir/part 0.parquet", required: .write, now: now)
        let oursBlob = try AzureSASToken.issue(
            credential: credential(), container: "landing", blob: "dir/part 0.parquet",
            permissions: [.read, .add, .create, .write, .delete], start: Self.start, expiry: Self.expiry,
            httpsOnly: true, version: blob.version)
        #expect(oursBlob.fields["sig"] == blob.fields["sig"])
    }

    @Test func issuedTokenRoundTripsThroughItsQueryString() throws {
        let token = try AzureSASToken.issue(
            credential: credential(), container: "landing", permissions: [.list, .read, .delete], start: Self.start,
            expiry: Self.expiry)
        #expect(
            token.queryString.hasPrefix(
                "sv=2020-12-06&sr=c&sp=rdl&st=2023-11-14T22%3A13%3A20Z&se=2023-11-15T22%3A13%3A20Z&sig="))
        let parsed = try AzureSASToken(query: "?restype=container&comp=list&" + token.queryString)
        #expect(parsed == token)
        let grant = try parsed.verify(
            credential: credential(), container: "landing", blob: nil, required: .list, now: Self.start)
        #expect(grant.permissions == [.read, .list, .delete])
    }

    struct Rejection: Sendable, CustomTestStringConvertible {
        var name: String
        var container = "landing"
        var blob: String? = nil
        var required: AzureSASPermissions = .read
        var now: Date = AzureSASTokenTests.start.addingTimeInterval(1)
        var overHTTPS = true
        var tamper: @Sendable (String) -> String = { $0 }
        var code: SigningError.Code
        var testDescription: String { name }
    }

    static let rejections: [Rejection] = [
        Rejection(name: "expired", now: expiry, code: .tokenExpired),
        Rejection(name: "not yet valid", now: start.addingTimeInterval(-1), code: .tokenExpired),
        Rejection(name: "other container", container: "other", code: .signatureMismatch),
        Rejection(name: "missing permission", required: .write, code: .permissionDenied),
        Rejection(name: "HTTP on an HTTPS-only token", overHTTPS: false, code: .permissionDenied),
        Rejection(
            name: "widened permissions", required: .write,
            tamper: { $0.replacingOccurrences(of: "sp=rl", with: "sp=rwl") }, code: .signatureMismatch),
        Rejection(
            name: "extended expiry", tamper: { $0.replacingOccurrences(of: "se=2023-11-15", with: "se=2033-11-15") },
            code: .signatureMismatch),
        Rejection(name: "no signature", tamper: { $0.components(separatedBy: "&sig=")[0] }, code: .malformedToken),
        Rejection(
            name: "old version", tamper: { $0.replacingOccurrences(of: "sv=2020-12-06", with: "sv=2019-02-02") },
            code: .unsupportedVersion),
        Rejection(
            name: "unknown permission letter", tamper: { $0.replacingOccurrences(of: "sp=rl", with: "sp=rlq") },
            code: .malformedToken),
        Rejection(
            name: "account SAS", tamper: { $0.replacingOccurrences(of: "sr=c", with: "sr=s") },
            code: .unsupportedVersion),
    ]

    @Test(arguments: rejections)
    func verificationRejects(_ case_: Rejection) throws {
        let issued = try AzureSASToken.issue(
            credential: credential(), container: "landing", permissions: [.read, .list], start: Self.start,
            expiry: Self.expiry, httpsOnly: true)
        let credential = try credential()
        do {
            let token = try AzureSASToken(query: case_.tamper(issued.queryString))
            _ = try token.verify(
                credential: credential, container: case_.container, blob: case_.blob, required: case_.required,
                now: case_.now, overHTTPS: case_.overHTTPS)
            Issue.record("accepted: \(case_.name)")
        } catch {
            #expect(error.code == case_.code)
            let signature = issued.fields["sig"] ?? "?"
            #expect(!error.description.contains(signature))
        }
    }

    @Test func blobTokenDoesNotReachOtherBlobsOrTheContainer() throws {
        let token = try AzureSASToken.issue(
            credential: credential(), container: "landing", blob: "a.parquet", permissions: .read,
            expiry: Self.expiry)
        #expect(throws: SigningError.self) {
            try token.verify(
                credential: credential(), container: "landing", blob: "b.parquet", required: .read, now: Self.start)
        }
        #expect(throws: SigningError.self) {
            try token.verify(
                credential: credential(), container: "landing", blob: nil, required: .read, now: Self.start)
        }
        _ = try token.verify(
            credential: credential(), container: "landing", blob: "a.parquet", required: .read, now: Self.start)
    }

    @Test func descriptionHidesSignature() throws {
        let token = try AzureSASToken.issue(
            credential: credential(), container: "landing", permissions: .read, expiry: Self.expiry)
        let signature = try #require(token.fields["sig"])
        var dumped = ""
        dump(token, to: &dumped)
        for text in ["\(token)", String(reflecting: token), dumped] { #expect(!text.contains(signature)) }
    }

    @Test(arguments: ["2023-11-14", "2023-11-14T22:13Z", "2023-11-14T22:13:20Z", "2023-11-14T22:13:20.1234567Z"])
    func sasTimesParseInEveryAcceptedForm(_ text: String) throws {
        let parsed = try #require(UTCTimestamp.parseISO8601(text))
        #expect(parsed.year == 2023 && parsed.month == 11 && parsed.day == 14)
        #expect(UTCTimestamp(parsed.date) == parsed)
    }
}

@Suite(.onDedicatedThreads, .tags(.peers), .needsPeers) struct UTCTimestampTests {
    @Test(arguments: ["2023-02-31", "2023-11-14T24:00Z", "2023-11-14T22:13:20", "2023-11-14 22:13:20Z", "20231114"])
    func invalidSASTimesAreRejected(_ text: String) {
        #expect(UTCTimestamp.parseISO8601(text) == nil)
    }

    @Test(arguments: [
        (0.0, "Thu, 01 Jan 1970 00:00:00 GMT", "19700101T000000Z"),
        (951_782_400.0, "Tue, 29 Feb 2000 00:00:00 GMT", "20000229T000000Z"),
        (1_700_000_000.5, "Tue, 14 Nov 2023 22:13:20 GMT", "20231114T221320Z"),
        (-86_401.0, "Tue, 30 Dec 1969 23:59:59 GMT", "19691230T235959Z"),
    ])
    func formatsMatchTheCalendar(_ seconds: Double, _ rfc1123: String, _ basic: String) {
        let timestamp = UTCTimestamp(Date(timeIntervalSince1970: seconds))
        #expect(timestamp.rfc1123 == rfc1123 && timestamp.basicISO8601 == basic)
    }
}
