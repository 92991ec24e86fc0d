import Crypto
import Destinations
import Foundation
import HTTPTypes
import Testing

@testable import HTTPAPI
@testable import LandingZone
@testable import OutflowServer
@testable import Signing

@Suite("Landing zone authorization")
struct LandingZoneAuthorizerTests {
    static let key = Data((0..<32).map { UInt8($0) }).base64EncodedString()
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func account() throws -> LandingZoneAccount { try LandingZoneAccount(name: "acct", keyBase64: key) }

    static func check(_ method: String, _ path: String, sas: AzureSASToken?, extra: String = "") throws {
        let query = [sas?.queryString, extra.isEmpty ? nil : extra].compactMap { $0 }.joined(separator: "&")
        let request = try #require(
            try LandingZoneRequest.parse(method: method, rawPath: path, rawQuery: query, headers: [], account: "acct"))
        let operation = try LandingZoneOperation.classify(request)
        try LandingZoneAuthorizer(account: account()).authorize(request, operation, now: now)
    }

    static func sas(_ permissions: AzureSASPermissions, expiresIn: TimeInterval = 3600) throws -> AzureSASToken {
        try AzureSASToken.issue(
            credential: account().credential, container: "c01", permissions: permissions,
            expiry: now.addingTimeInterval(expiresIn))
    }

    @Test("a container SAS allows exactly its permissions")
    func sasPermissions() throws {
        let readList = try Self.sas([.read, .list])
        try Self.check("GET", "/acct/c01/a.txt", sas: readList)
        try Self.check("GET", "/acct/c01", sas: readList, extra: "restype=container&comp=list")
        #expect(throws: LandingZoneError.self) { try Self.check("DELETE", "/acct/c01/a.txt", sas: readList) }
        do {
            try Self.check("PUT", "/acct/c01/a.txt", sas: readList)
            Issue.record("a write without 'w' passed")
        } catch let error as LandingZoneError {
            #expect(error.code == "AuthorizationPermissionMismatch" && error.status == .forbidden)
        }
    }

    @Test("expired, forged, foreign-container and missing SAS are refused with Azure's codes")
    func sasRefusals() throws {
        func code(_ body: () throws -> Void) -> String? {
            do { try body() } catch let error as LandingZoneError { return error.code } catch { return "other" }
            return nil
        }
        let expired = try Self.sas([.read], expiresIn: -1)
        #expect(code { try Self.check("GET", "/acct/c01/a", sas: expired) } == "AuthenticationFailed")
        let good = try Self.sas([.read])
        let forged = try AzureSASToken(query: good.queryString.replacingOccurrences(of: "sp=r", with: "sp=rd"))
        #expect(code { try Self.check("DELETE", "/acct/c01/a", sas: forged) } == "AuthenticationFailed")
        #expect(code { try Self.check("GET", "/acct/c02/a", sas: good) } == "AuthenticationFailed")
        #expect(code { try Self.check("GET", "/acct/c01/a", sas: nil) } == "NoAuthenticationInformation")
        #expect(
            code { try Self.check("GET", "/acct/", sas: good, extra: "comp=list") }
                == "AuthorizationResourceTypeMismatch")
    }

    @Test("SharedKey requests signed for the account over the path with its account segment pass")
    func sharedKey() throws {
        let account = try Self.account()
        let signer = AzureSharedKeySigner(credential: account.credential)
        for signedPath in ["/acct/c01/dir/a b.txt"] {
            let signed = signer.sign(
                SignableRequest(method: "GET", host: "127.0.0.1", path: signedPath), date: Self.now)
            let request = try #require(
                try LandingZoneRequest.parse(
                    method: "GET", rawPath: "/acct/c01/dir/a%20b.txt", rawQuery: nil, headers: signed.headers,
                    account: "acct"))
            try LandingZoneAuthorizer(account: account).authorize(request, .getBlob, now: Self.now)
        }
        let other = try AzureSharedKeyCredential(
            accountName: "acct", accountKey: Data(repeating: 7, count: 32).base64EncodedString())
        let wrong = AzureSharedKeySigner(credential: other).sign(
            SignableRequest(method: "GET", host: "h", path: "/acct/c01/x"), date: Self.now)
        let request = try #require(
            try LandingZoneRequest.parse(
                method: "GET", rawPath: "/acct/c01/x", rawQuery: nil, headers: wrong.headers, account: "acct"))
        #expect(throws: LandingZoneError.self) {
            try LandingZoneAuthorizer(account: account).authorize(request, .getBlob, now: Self.now)
        }
    }
}

@Suite("Landing zone account")
struct LandingZoneAccountTests {
    @Test("account names follow Azure's rule and never shadow another route")
    func accountNames() throws {
        let directory = TemporaryDirectory()
        for bad in ["data", "healthz", "UPPER", "ab", "with-dash"] {
            #expect(throws: (any Error).self) {
                try LandingZoneAccount.load(name: bad, keyBase64: nil, keyPath: directory.path + "/landing-zone.key")
            }
        }
        let generated = try LandingZoneAccount.load(
            name: nil, keyBase64: nil, keyPath: directory.path + "/landing-zone.key")
        let again = try LandingZoneAccount.load(
            name: nil, keyBase64: nil, keyPath: directory.path + "/landing-zone.key")
        #expect(generated.name == "outflowdlz" && generated.keyBytes.count == 32)
        #expect(generated.keyBytes == again.keyBytes)
        #expect(!"\(generated)".contains(Data(generated.keyBytes).base64EncodedString()))
    }

    @Test("SharedKey over the path exactly as sent (Go's SDK leaves '=' unescaped) passes; a changed path does not")
    func sharedKeyOverTheRawPath() throws {
        // Built by hand as azure-storage-blob-go (rclone) does: resource = /<account><escaped path as sent>.
        let rawPath = "/acct/c01/exportTime=202611231653/part%20one.parquet"
        let headers = [
            SignableRequest.Field("X-Ms-Date", "Mon, 23 Nov 2026 16:54:23 GMT"),
            SignableRequest.Field("X-Ms-Version", "2020-10-02"),
        ]
        let toSign =
            "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Mon, 23 Nov 2026 16:54:23 GMT\nx-ms-version:2020-10-02\n"
            + "/acct\(rawPath)\ntimeout:30"
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array(toSign.utf8),
            using: SymmetricKey(data: Data(base64Encoded: LandingZoneAuthorizerTests.key) ?? Data()))
        let authorization = SignableRequest.Field("Authorization", "SharedKey acct:\(Data(mac).base64EncodedString())")
        func authorize(_ path: String) throws {
            let request = try #require(
                try LandingZoneRequest.parse(
                    method: "GET", rawPath: path, rawQuery: "timeout=30", headers: headers + [authorization],
                    account: "acct"))
            // The request's own date (x-ms-date), so it is fresh.
            try LandingZoneAuthorizer(account: LandingZoneAuthorizerTests.account()).authorize(
                request, try LandingZoneOperation.classify(request), now: Date(timeIntervalSince1970: 1_795_452_863))
        }
        try authorize(rawPath)
        #expect(throws: LandingZoneError.self) { try authorize(rawPath.replacingOccurrences(of: "=", with: "%3D")) }
        #expect(throws: LandingZoneError.self) { try authorize("/acct/c01/exportTime=202611231653/other.parquet") }
    }
}
