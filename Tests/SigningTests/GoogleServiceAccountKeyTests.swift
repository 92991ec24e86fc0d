import Foundation
import OutflowTestSupport
import Testing
import _CryptoExtras

@testable import Signing

@Suite(.onDedicatedThreads, .tags(.peers), .needsPeers) struct GoogleServiceAccountKeyTests {
    static let issuedAt = Date(timeIntervalSince1970: 1_700_000_000)

    static func keyFile(pem: String, tokenURI: String = "http://127.0.0.1:9/token") throws -> Data {
        try JSONSerialization.data(withJSONObject: [
            "type": "service_account", "project_id": "outflow-test", "private_key_id": "kid-123",
            "private_key": pem, "client_email": "exporter@outflow-test.iam.gserviceaccount.com",
            "token_uri": tokenURI,
        ])
    }

    static func form(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for (name, value) in PercentEncoding.queryPairs(body) ?? [] { fields[name] = value }
        return fields
    }

    @Test func assertionDecodesAndVerifiesWithThePublicKey() throws {
        let privateKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let key = try GoogleServiceAccountKey(json: Self.keyFile(pem: privateKey.pkcs8PEMRepresentation))
        #expect(key.tokenURI == "http://127.0.0.1:9/token" && key.privateKeyID == "kid-123")
        let request = try key.tokenRequest(date: Self.issuedAt)
        #expect(request.url == "http://127.0.0.1:9/token")
        let form = Self.form(request.body)
        #expect(form["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer")
        let jwt = try #require(form["assertion"])
        let parts = jwt.split(separator: ".")
        try #require(parts.count == 3)
        let header = try JSONSerialization.jsonObject(with: try #require(JWTAssertion.decodeBase64URL(parts[0])))
        let claims = try JSONSerialization.jsonObject(with: try #require(JWTAssertion.decodeBase64URL(parts[1])))
        #expect(header as? [String: String] == ["alg": "RS256", "typ": "JWT", "kid": "kid-123"])
        let claimMap = try #require(claims as? [String: Any])
        #expect(claimMap["iss"] as? String == "exporter@outflow-test.iam.gserviceaccount.com")
        #expect(claimMap["aud"] as? String == "http://127.0.0.1:9/token")
        #expect(claimMap["scope"] as? String == "https://www.googleapis.com/auth/devstorage.read_write")
        #expect(claimMap["iat"] as? Int == 1_700_000_000 && claimMap["exp"] as? Int == 1_700_003_600)
        let signature = _RSA.Signing.RSASignature(
            rawRepresentation: try #require(JWTAssertion.decodeBase64URL(parts[2])))
        let signedBytes = Data("\(parts[0]).\(parts[1])".utf8)
        #expect(privateKey.publicKey.isValidSignature(signature, for: signedBytes, padding: .insecurePKCS1v1_5))
        #expect(
            !privateKey.publicKey.isValidSignature(
                signature, for: Data("x".utf8) + signedBytes, padding: .insecurePKCS1v1_5))
    }

    static let pythonScript = """
        import base64, json, sys
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding, rsa
        job = json.load(sys.stdin)
        if job["op"] == "generate":
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            print(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()).decode())
        else:
            key = serialization.load_pem_private_key(job["pem"].encode(), password=None)
            head, claims, sig = job["jwt"].split(".")
            raw = base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4))
            key.public_key().verify(raw, (head + "." + claims).encode(), padding.PKCS1v15(), hashes.SHA256())
            ours = key.sign((head + "." + claims).encode(), padding.PKCS1v15(), hashes.SHA256())
            print("same" if ours == raw else "different")
        """

    @Test
    func pythonCryptographyKeyIsReadAndItsVerifierAcceptsTheAssertion() async throws {
        let generated = try await PythonOracle.run(Self.pythonScript, input: Data(#"{"op":"generate"}"#.utf8))
        let pem = String(decoding: generated, as: UTF8.self)
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let key = try GoogleServiceAccountKey(json: Self.keyFile(pem: pem))
        let jwt = try #require(Self.form(try key.tokenRequest(date: Self.issuedAt).body)["assertion"])
        let job = try JSONSerialization.data(withJSONObject: ["op": "verify", "pem": pem, "jwt": jwt])
        let verdict = try await PythonOracle.run(Self.pythonScript, input: job)
        #expect(String(decoding: verdict, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "same")
    }

    @Test(arguments: [
        (#"not json"#, "serviceAccountKey"),
        (#"{"type":"authorized_user","client_email":"a","private_key":"b"}"#, "type"),
        (#"{"private_key":"b"}"#, "client_email"),
        (#"{"client_email":"a"}"#, "private_key"),
        (
            #"{"client_email":"a","private_key":"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"}"#,
            "private_key"
        ),
    ])
    func malformedKeyFilesNameTheField(_ json: String, _ field: String) {
        do {
            _ = try GoogleServiceAccountKey(json: Array(json.utf8))
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.code == .malformedConfiguration && error.field == field)
            #expect(!error.description.contains("BEGIN PRIVATE KEY"))
        }
    }

    @Test func keyAndTokenRequestDescriptionsHideSecrets() throws {
        let privateKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let key = try GoogleServiceAccountKey(json: Self.keyFile(pem: privateKey.pkcs8PEMRepresentation))
        let request = try key.tokenRequest(date: Self.issuedAt)
        var dumped = ""
        dump(key, to: &dumped)
        dump(request, to: &dumped)
        for text in ["\(key)", String(reflecting: key), "\(request)", String(reflecting: request), dumped] {
            #expect(!text.contains("PRIVATE KEY") && !text.contains("assertion") && !text.contains("eyJ"))
        }
    }

    @Test(arguments: [0, 3601])
    func assertionLifetimeIsBoundedToOneHour(_ lifetime: Int) {
        #expect(throws: SigningError.self) {
            try JWTAssertion(issuer: "i", scope: "s", audience: "a", issuedAt: Self.issuedAt, lifetime: lifetime)
        }
    }
}
