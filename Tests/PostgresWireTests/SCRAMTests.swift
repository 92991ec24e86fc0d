import Crypto
import Foundation
import Testing

@testable import PostgresWire

/// RFC 7677 §3's SCRAM-SHA-256 example, from the server's side.
@Suite struct SCRAMTests {
    static let salt = Base64.decode("W22ZaJ0SNY7soEsUEjb6gQ==") ?? []
    static let serverNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
    static let clientFinal =
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="

    @Test func theRFC7677ExampleExchangeSucceeds() throws {
        var exchange = SCRAMServerExchange(
            verifier: SCRAMVerifier(password: "pencil", salt: Self.salt), serverNonce: Self.serverNonce)
        let serverFirst = try exchange.clientFirstReceived("n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
        #expect(serverFirst == "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
        let serverFinal = try exchange.clientFinalReceived(Self.clientFinal)
        #expect(serverFinal == "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
    }

    @Test func anotherPasswordFailsTheProof() throws {
        var exchange = SCRAMServerExchange(
            verifier: SCRAMVerifier(password: "pencil2", salt: Self.salt), serverNonce: Self.serverNonce)
        _ = try exchange.clientFirstReceived("n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
        #expect(throws: SCRAMServerExchange.Failure.wrongProof) { try exchange.clientFinalReceived(Self.clientFinal) }
    }

    @Test func channelBindingIsRefused() {
        var exchange = SCRAMServerExchange(
            verifier: SCRAMVerifier(password: "pencil", salt: Self.salt), serverNonce: Self.serverNonce)
        #expect(throws: SCRAMServerExchange.Failure.malformed("channel binding is not supported by this server")) {
            try exchange.clientFirstReceived("p=tls-server-end-point,,n=user,r=abc")
        }
    }

    @Test func aTamperedNonceIsRefused() throws {
        var exchange = SCRAMServerExchange(
            verifier: SCRAMVerifier(password: "pencil", salt: Self.salt), serverNonce: Self.serverNonce)
        _ = try exchange.clientFirstReceived("n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
        let tampered = Self.clientFinal.replacingFirst("r=rOpr", with: "r=xOpr")
        #expect(throws: SCRAMServerExchange.Failure.malformed("SCRAM nonce mismatch")) {
            try exchange.clientFinalReceived(tampered)
        }
    }

    @Test func aVerifierMatchesOnlyItsPassword() {
        let verifier = SCRAMVerifier(password: "secret", salt: Array(repeating: 7, count: 16))
        #expect(verifier.matches(password: "secret"))
        #expect(!verifier.matches(password: "Secret"))
    }

    @Test func base64RoundTripsAndRefusesGarbage() {
        for length in 0..<8 {
            let bytes = (0..<length).map { UInt8($0 * 37 & 0xFF) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.decode("abc") == nil)
        #expect(Base64.decode("ab=c") == nil)
        #expect(Base64.decode("a*==") == nil)
    }
}

/// The client's side of SCRAM-SHA-256, for driving the server in tests.
struct SCRAMClient {
    let password: String
    let clientNonce: String
    var clientFirstBare: String { "n=,r=\(clientNonce)" }
    var clientFirst: String { "n,," + clientFirstBare }

    func clientFinal(serverFirst: String) -> String? {
        let attributes = SCRAMServerExchange.attributes(serverFirst)
        guard attributes.count == 3, let salt = Base64.decode(attributes[1].value),
            let iterations = Int(attributes[2].value)
        else { return nil }
        let salted = SCRAMVerifier.saltedPassword(password, salt: salt, iterations: iterations)
        let clientKey = SCRAMVerifier.hmac(key: salted, "Client Key")
        let storedKey = Array(SHA256.hash(data: clientKey))
        let withoutProof = "c=biws,r=\(attributes[0].value)"
        let authMessage = "\(clientFirstBare),\(serverFirst),\(withoutProof)"
        let signature = SCRAMVerifier.hmac(key: storedKey, Array(authMessage.utf8))
        let proof = zip(clientKey, signature).map { $0 ^ $1 }
        return withoutProof + ",p=" + Base64.encode(proof)
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
