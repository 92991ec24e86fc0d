import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import HTTPAPI
@testable import LandingZone
@testable import OutflowServer
@testable import Signing

/// Issue 12, item 6: SharedKey freshness and its one path form, the scoped bearer path, https-only SAS.
@Suite("Landing zone hardening: authorization")
struct LandingZoneHardeningAuthorizationTests {
    static let now = LandingZoneAuthorizerTests.now

    static func dated(_ date: String?, header: String = "x-ms-date") throws -> LandingZoneRequest {
        try #require(
            try LandingZoneRequest.parse(
                method: "GET", rawPath: "/acct/c01/a", rawQuery: nil,
                headers: date.map { [SignableRequest.Field(header, $0)] } ?? [], account: "acct"))
    }

    static func rfc1123(_ offset: TimeInterval) -> String {
        UTCTimestamp(now.addingTimeInterval(offset)).rfc1123
    }

    @Test("a SharedKey date within 15 minutes either side passes; beyond, missing or malformed is refused")
    func freshness() throws {
        for offset in [-899.0, 0, 899] {
            try LandingZoneAuthorizer.checkFreshness(try Self.dated(Self.rfc1123(offset)), now: Self.now)
        }
        try LandingZoneAuthorizer.checkFreshness(try Self.dated(Self.rfc1123(-60), header: "Date"), now: Self.now)
        for request in [
            try Self.dated(Self.rfc1123(-901)), try Self.dated(Self.rfc1123(901)), try Self.dated(nil),
            try Self.dated("yesterday"), try Self.dated(Self.rfc1123(-3600), header: "Date"),
        ] {
            do {
                try LandingZoneAuthorizer.checkFreshness(request, now: Self.now)
                Issue.record("a stale or undated request passed")
            } catch {
                #expect(error.code == "AuthenticationFailed" && error.status == .forbidden)
            }
        }
    }

    @Test("a correctly signed SharedKey request is refused once it is older than 15 minutes (no replay)")
    func replayRefused() throws {
        let account = try LandingZoneAuthorizerTests.account()
        let signed = AzureSharedKeySigner(credential: account.credential).sign(
            SignableRequest(method: "DELETE", host: "127.0.0.1", path: "/acct/c01/a.txt"), date: Self.now)
        let request = try #require(
            try LandingZoneRequest.parse(
                method: "DELETE", rawPath: "/acct/c01/a.txt", rawQuery: nil, headers: signed.headers,
                account: "acct"))
        let authorizer = LandingZoneAuthorizer(account: account)
        try authorizer.authorize(request, .deleteBlob(recursive: false), now: Self.now.addingTimeInterval(60))
        #expect(throws: LandingZoneError.self) {
            try authorizer.authorize(request, .deleteBlob(recursive: false), now: Self.now.addingTimeInterval(16 * 60))
        }
    }

    @Test("SharedKey is checked over the path as sent only: re-encoded or account-less signatures are refused")
    func onePathForm() throws {
        let account = try LandingZoneAuthorizerTests.account()
        let signer = AzureSharedKeySigner(credential: account.credential)
        let rawPath = "/acct/c01/exportTime=202611231653/a%20b.txt"
        func authorize(signedOver path: String) throws {
            let signed = signer.sign(SignableRequest(method: "GET", host: "h", path: path), date: Self.now)
            let request = try #require(
                try LandingZoneRequest.parse(
                    method: "GET", rawPath: rawPath, rawQuery: nil, headers: signed.headers, account: "acct"))
            try LandingZoneAuthorizer(account: account).authorize(request, .getBlob, now: Self.now)
        }
        // Outflow's signer escapes '=', so a signature over the decoded path re-encoded differs from the raw one.
        #expect(throws: LandingZoneError.self) {
            try authorize(signedOver: "/acct/c01/exportTime=202611231653/a b.txt")
        }
        #expect(throws: LandingZoneError.self) { try authorize(signedOver: "/c01/exportTime=202611231653/a b.txt") }
        // Without characters the encodings disagree on, the one accepted form is the path with its account segment.
        let plain = signer.sign(SignableRequest(method: "GET", host: "h", path: "/acct/c01/a b.txt"), date: Self.now)
        let accountless = signer.sign(SignableRequest(method: "GET", host: "h", path: "/c01/a b.txt"), date: Self.now)
        for (headers, passes) in [(plain.headers, true), (accountless.headers, false)] {
            let request = try #require(
                try LandingZoneRequest.parse(
                    method: "GET", rawPath: "/acct/c01/a%20b.txt", rawQuery: nil, headers: headers, account: "acct"))
            let outcome = Result {
                try LandingZoneAuthorizer(account: account).authorize(request, .getBlob, now: Self.now)
            }
            #expect(((try? outcome.get()) != nil) == passes)
        }
    }

    @Test("a SAS with spr=https is refused over plain HTTP and accepted over HTTPS")
    func httpsOnlySAS() throws {
        let account = try LandingZoneAuthorizerTests.account()
        let token = try AzureSASToken.issue(
            credential: account.credential, container: "c01", permissions: [.read], expiry: Self.now + 3600,
            httpsOnly: true)
        let request = try #require(
            try LandingZoneRequest.parse(
                method: "GET", rawPath: "/acct/c01/a", rawQuery: token.queryString, headers: [], account: "acct"))
        do {
            try LandingZoneAuthorizer(account: account).authorize(request, .getBlob, now: Self.now)
            Issue.record("an https-only SAS passed over HTTP")
        } catch {
            #expect(error.code == "AuthorizationProtocolMismatch" && error.status == .forbidden)
        }
        try LandingZoneAuthorizer(account: account, https: true).authorize(request, .getBlob, now: Self.now)
    }
}

@Suite("Landing zone hardening: bearer tokens")
struct LandingZoneBearerTests {
    static let now = LandingZoneAuthorizerTests.now
    static let bearerKey = Data(repeating: 0x5A, count: 32)

    static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func token(key: Data = bearerKey, alg: String = "HS256", claims: [String: Any] = [:]) throws -> String {
        var body: [String: Any] = [
            "aud": "https://storage.azure.com", "exp": now.timeIntervalSince1970 + 3600, "dlz_containers": ["c01"],
            "dlz_permissions": "rl",
        ]
        body.merge(claims) { $1 }
        let head =
            base64URL(Array(#"{"alg":"\#(alg)","typ":"JWT"}"#.utf8)) + "."
            + base64URL(try JSONSerialization.data(withJSONObject: body))
        let mac = HMAC<SHA256>.authenticationCode(for: Array(head.utf8), using: SymmetricKey(data: key))
        return head + "." + base64URL(Array(mac))
    }

    static func check(
        _ token: String, _ method: String = "GET", _ path: String = "/acct/c01/a", query: String? = nil,
        configured: Bool = true
    ) throws(LandingZoneError) {
        let account: LandingZoneAccount
        do { account = try LandingZoneAuthorizerTests.account() } catch { throw .noAuthentication() }
        guard
            let request = try LandingZoneRequest.parse(
                method: method, rawPath: path, rawQuery: query, headers: [.init("Authorization", "Bearer " + token)],
                account: "acct")
        else { throw .noAuthentication() }
        let authorizer = LandingZoneAuthorizer(
            account: account,
            bearerKey: configured ? LandingZoneBearerKey(base64: bearerKey.base64EncodedString()) : nil)
        try authorizer.authorize(request, try LandingZoneOperation.classify(request), now: now)
    }

    static func code(_ body: () throws -> Void) -> String? {
        do { try body() } catch let error as LandingZoneError { return error.code } catch { return "other" }
        return nil
    }

    @Test("an HS256 token signed with the account key is refused, and any token when no bearer key is set")
    func accountKeyTokenRefused() throws {
        let accountKey = try #require(Data(base64Encoded: LandingZoneAuthorizerTests.key))
        let forged = try Self.token(key: accountKey, claims: ["dlz_permissions": "racwdlm"])
        let good = try Self.token()
        #expect(Self.code { try Self.check(forged) } == "AuthenticationFailed")
        #expect(Self.code { try Self.check(forged, configured: false) } == "AuthenticationFailed")
        #expect(Self.code { try Self.check(good, configured: false) } == "AuthenticationFailed")
        let sameAsAccount = try #require(LandingZoneBearerKey(base64: accountKey.base64EncodedString()))
        #expect(sameAsAccount.isKey(of: try LandingZoneAuthorizerTests.account()))
        #expect(LandingZoneBearerKey(base64: Data(repeating: 1, count: 16).base64EncodedString()) == nil)
    }

    @Test("a bearer token is held to its audience, expiry, lifetime, algorithm, containers and permissions")
    func scope() throws {
        let readList = try Self.token()
        try Self.check(readList)
        try Self.check(readList, "GET", "/acct/c01", query: "restype=container&comp=list")
        #expect(Self.code { try Self.check(readList, "DELETE") } == "AuthorizationPermissionMismatch")
        #expect(Self.code { try Self.check(readList, "PUT") } == "AuthorizationPermissionMismatch")
        #expect(Self.code { try Self.check(readList, "GET", "/acct/c02/a") } == "AuthorizationResourceTypeMismatch")
        #expect(
            Self.code { try Self.check(readList, "GET", "/acct/", query: "comp=list") }
                == "AuthorizationResourceTypeMismatch")
        let all = try Self.token(claims: ["dlz_permissions": "racwdlm"])
        try Self.check(all, "DELETE")
        #expect(
            Self.code { try Self.check(all, "PUT", "/acct/c01", query: "restype=container") }
                == "AuthorizationPermissionMismatch")
        let seconds = Self.now.timeIntervalSince1970
        let refused: [[String: Any]] = [
            ["exp": seconds - 1], ["exp": seconds + 25 * 3600], ["exp": NSNull()],
            ["aud": "https://management.azure.com"], ["nbf": seconds + 600], ["dlz_containers": [String]()],
            ["dlz_permissions": "q"],
        ]
        for claims in refused {
            let token = try Self.token(claims: claims)
            #expect(Self.code { try Self.check(token) } == "AuthenticationFailed")
        }
        let unsigned = try Self.token(alg: "none")
        #expect(Self.code { try Self.check(unsigned) } == "AuthenticationFailed")
        let tampered = readList.replacingOccurrences(of: ".", with: ".x")
        #expect(Self.code { try Self.check(tampered) } == "AuthenticationFailed")
    }
}

@Suite("Landing zone hardening: uncommitted blocks and settings")
struct LandingZoneUncommittedTests {
    static let limits = LandingZoneStore.UncommittedLimits(maxBlocks: 2, maxBytes: 100, lifetime: 7 * 24 * 3600)

    static func stage(_ store: LandingZoneStore, _ id: String, bytes: Int, now: Date = Date()) throws {
        let (path, room) = try store.reserveBlock("c01", "big.bin", id: id, limits: limits, now: now)
        #expect(room >= Int64(bytes))
        #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: 7, count: bytes)))
    }

    static func withStore(_ body: (LandingZoneStore) throws -> Void) throws {
        let directory = TemporaryDirectory()
        let store = LandingZoneStore(root: directory.path)
        _ = try store.createContainer("c01")
        try body(store)
    }

    static func code(_ body: () throws -> Void) -> String? {
        do { try body() } catch let error as LandingZoneError { return error.code } catch { return "other" }
        return nil
    }

    @Test("a blob keeps at most maxBlocks staged blocks and maxBytes of them; restaging an id adds none")
    func caps() throws {
        try Self.withStore { store in
            try Self.stage(store, "a", bytes: 40)
            try Self.stage(store, "b", bytes: 40)
            #expect(Self.code { try Self.stage(store, "c", bytes: 1) } == "BlockCountExceedsLimit")
            try Self.stage(store, "b", bytes: 40)
            let room = try store.reserveBlock("c01", "big.bin", id: "a", limits: Self.limits, now: Date()).room
            #expect(room == 60)
            try Self.stage(store, "a", bytes: 60)
            #expect(
                Self.code {
                    _ = try store.reserveBlock(
                        "c01", "big.bin", id: "c",
                        limits: .init(maxBlocks: 10, maxBytes: 100, lifetime: Self.limits.lifetime), now: Date())
                } == "RequestBodyTooLarge")
        }
    }

    @Test("staged blocks untouched for 7 days expire: lazily on the next Put Block and in the start-up sweep")
    func expiry() throws {
        try Self.withStore { store in
            try Self.stage(store, "a", bytes: 10)
            try Self.stage(store, "b", bytes: 10)
            let sixDays = Date().addingTimeInterval(6 * 24 * 3600)
            let eightDays = Date().addingTimeInterval(8 * 24 * 3600)
            #expect(store.sweepUncommitted(lifetime: Self.limits.lifetime, now: sixDays) == 0)
            #expect(store.uncommittedBlocks("c01", "big.bin").count == 2)
            // Lazily: eight days on, the two old blocks are gone and a new one fits.
            try Self.stage(store, "c", bytes: 10, now: eightDays)
            #expect(store.uncommittedBlocks("c01", "big.bin").map(\.id) == ["c"])
            #expect(store.sweepUncommitted(lifetime: Self.limits.lifetime, now: sixDays) == 0)
            #expect(store.sweepUncommitted(lifetime: Self.limits.lifetime, now: eightDays) == 1)
            #expect(store.uncommittedBlocks("c01", "big.bin").isEmpty)
        }
    }

    @Test("OUTFLOW_DLZ_SAS_TTL and the block limits are bounded; bad values name their setting")
    func settings() throws {
        var configuration = OutflowConfiguration()
        #expect(try configuration.landingZoneSettings().sasLifetime == 7 * 24 * 3600)
        #expect(try configuration.landingZoneSettings().maxUncommittedBlocks == 100_000)
        #expect(try configuration.landingZoneSettings().https == false)
        configuration.landingZoneSASTTL = "300"
        #expect(try configuration.landingZoneSettings().sasLifetime == 300)
        for (name, value) in [
            ("OUTFLOW_DLZ_SAS_TTL", "299"), ("OUTFLOW_DLZ_SAS_TTL", "604801"), ("OUTFLOW_DLZ_SAS_TTL", "1h"),
            ("OUTFLOW_DLZ_MAX_UNCOMMITTED_BLOCKS", "0"), ("OUTFLOW_DLZ_MAX_UNCOMMITTED_BLOCKS", "100001"),
            ("OUTFLOW_DLZ_MAX_UNCOMMITTED_BYTES", "-1"), ("OUTFLOW_DLZ_BEARER_KEY", "c2hvcnQ="),
        ] {
            var bad = OutflowConfiguration.resolve(environment: [name: value])
            bad.dataDirectory = configuration.dataDirectory
            do {
                _ = try bad.landingZoneSettings()
                Issue.record("\(name)=\(value) was accepted")
            } catch {
                #expect(error.setting == name)
            }
        }
    }

    @Test("the credentials route issues a SAS for OUTFLOW_DLZ_SAS_TTL, https-only when TLS is configured")
    func issuedSAS() async throws {
        let fixture = try TestServer()
        for https in [false, true] {
            var configuration = fixture.configuration
            configuration.landingZoneAccount = "acct"
            configuration.landingZoneKey = LandingZoneAuthorizerTests.key
            configuration.landingZoneSASTTL = "600"
            if https {
                configuration.tlsCertificatePath = "/unused/cert.pem"
                configuration.tlsKeyPath = "/unused/key.pem"
            }
            var logger = Logger(label: "outflow.test")
            logger.logLevel = .warning
            let app = Application(
                router: OutflowApplication.router(lake: fixture.lake, configuration: configuration), logger: logger)
            let before = Date()
            try await app.test(.router) { client in
                try await client.execute(
                    uri: "/data/foundation/connectors/landingzone/credentials?type=dlz_destination", method: .get
                ) { response in
                    #expect(response.status == .ok)
                    let uri = try #require(response.object["SASUri"] as? String)
                    #expect(uri.hasPrefix(https ? "https://" : "http://"))
                    let token = try AzureSASToken(query: String(uri.split(separator: "?")[1]))
                    #expect(token.fields["spr"] == (https ? "https" : nil))
                    let expiry = try #require(UTCTimestamp.parseISO8601(token.expiry)?.date)
                    #expect(abs(expiry.timeIntervalSince(before) - 600) < 60)
                }
            }
        }
    }
}
