import Crypto
import Foundation
import NIOCore
import OutflowTestSupport
import Testing
import _CryptoExtras

@testable import SSH

/// Userauth: signed `publickey` requests verify with swift-crypto for every key type, RSA picks its hash from
/// `server-sig-algs`, and failure lists become the clear refusals (never showing the secret).
@Suite(.onDedicatedThreads) struct SSHUserAuthTests {
    private let sessionID = (0..<32).map { UInt8($0 &* 3) }

    /// The request fields and the signature, parsed back.
    private func parse(_ request: ByteBuffer) throws -> (
        signed: [UInt8], algorithm: String, blob: [UInt8], signature: ByteBuffer
    ) {
        var buffer = request
        _ = try buffer.readSSHByte()
        #expect(try buffer.readSSHText() == "user")
        #expect(try buffer.readSSHText() == "ssh-connection")
        #expect(try buffer.readSSHText() == "publickey")
        #expect(try buffer.readSSHBool())
        let algorithm = try buffer.readSSHText()
        let blob = try buffer.readSSHBytes()
        let signedEnd = buffer.readerIndex
        var signature = try buffer.readSSHString()
        #expect(buffer.readableBytes == 0)
        #expect(try signature.readSSHText() == algorithm)
        let body = try signature.readSSHString()
        var signed = ByteBuffer()
        signed.writeSSHString(sessionID)
        signed.writeBytes(request.getBytes(at: request.readerIndex, length: signedEnd - request.readerIndex) ?? [])
        return (Array(signed.readableBytesView), algorithm, blob, body)
    }

    private func request(_ key: SSHPrivateKey, algorithm: String) throws -> ByteBuffer {
        try SSHUserAuthentication(username: "user", credential: .privateKey(key))
            .signedPublicKeyRequest(key: key, algorithm: algorithm, sessionID: sessionID)
    }

    @Test func ed25519SignaturesVerify() throws {
        let key = Curve25519.Signing.PrivateKey()
        let parsed = try parse(try request(.ed25519(key), algorithm: "ssh-ed25519"))
        #expect(key.publicKey.isValidSignature(Array(parsed.signature.readableBytesView), for: parsed.signed))
        var blob = ByteBuffer(bytes: parsed.blob)
        #expect(try blob.readSSHText() == "ssh-ed25519")
        #expect(try blob.readSSHBytes() == Array(key.publicKey.rawRepresentation))
    }

    /// r || s from an SSH ECDSA signature body (mpint r, mpint s).
    private func rawECDSA(_ body: ByteBuffer, width: Int) throws -> [UInt8] {
        var body = body
        let r = try #require(SSHWire.fixedWidth(try body.readSSHUnsignedMPInt(), width: width))
        let s = try #require(SSHWire.fixedWidth(try body.readSSHUnsignedMPInt(), width: width))
        #expect(body.readableBytes == 0)
        return r + s
    }

    @Test func ecdsaSignaturesAreMPIntPairsThatVerify() throws {
        let p256 = P256.Signing.PrivateKey()
        let small = try parse(try request(.ecdsaP256(p256), algorithm: "ecdsa-sha2-nistp256"))
        let raw256 = try rawECDSA(small.signature, width: 32)
        #expect(p256.publicKey.isValidSignature(try .init(rawRepresentation: raw256), for: small.signed))
        let p384 = P384.Signing.PrivateKey()
        let middle = try parse(try request(.ecdsaP384(p384), algorithm: "ecdsa-sha2-nistp384"))
        let raw384 = try rawECDSA(middle.signature, width: 48)
        #expect(p384.publicKey.isValidSignature(try .init(rawRepresentation: raw384), for: middle.signed))
        let p521 = P521.Signing.PrivateKey()
        let big = try parse(try request(.ecdsaP521(p521), algorithm: "ecdsa-sha2-nistp521"))
        let raw521 = try rawECDSA(big.signature, width: 66)
        #expect(p521.publicKey.isValidSignature(try .init(rawRepresentation: raw521), for: big.signed))
    }

    @Test(arguments: ["rsa-sha2-512", "rsa-sha2-256"])
    func rsaSignaturesVerifyWithTheirSHA2Hash(algorithm: String) throws {
        let key = try SSHPrivateKey.parse(parameter: SSHKeyFixtures.rsaPrivate, passphrase: nil)
        guard case .rsa(let rsa) = key else { throw SSHError(.crypto, "fixture is not RSA") }
        let parsed = try parse(try request(key, algorithm: algorithm))
        #expect(parsed.algorithm == algorithm)
        let signature = _RSA.Signing.RSASignature(rawRepresentation: Array(parsed.signature.readableBytesView))
        let valid =
            algorithm == "rsa-sha2-512"
            ? rsa.publicKey.isValidSignature(
                signature, for: SHA512.hash(data: parsed.signed), padding: .insecurePKCS1v1_5)
            : rsa.publicKey.isValidSignature(
                signature, for: SHA256.hash(data: parsed.signed), padding: .insecurePKCS1v1_5)
        #expect(valid)
        var blob = ByteBuffer(bytes: parsed.blob)
        #expect(try blob.readSSHText() == "ssh-rsa")
        // The host key parser reads the same blob back into an RSA key.
        _ = try SSHHostKey(blob: parsed.blob)
    }

    @Test func rsaPicksItsHashFromServerSigAlgsAndNeverSHA1() throws {
        let key = try SSHPrivateKey.parse(parameter: SSHKeyFixtures.rsaPrivate, passphrase: nil)
        #expect(key.signatureAlgorithm(serverSigAlgs: nil) == "rsa-sha2-512")
        #expect(key.signatureAlgorithm(serverSigAlgs: ["ssh-rsa", "rsa-sha2-256"]) == "rsa-sha2-256")
        #expect(key.signatureAlgorithm(serverSigAlgs: ["ssh-rsa"]) == nil)
        var auth = SSHUserAuthentication(username: "u", credential: .privateKey(key))
        _ = auth.start()
        guard
            case .refused(let message) = auth.failed(
                methods: ["publickey"], partialSuccess: false, sessionID: sessionID, serverSigAlgs: ["ssh-rsa"])
        else {
            Issue.record("expected a refusal")
            return
        }
        #expect(message.contains("SHA-1"))
    }

    @Test func passwordFallsBackToKeyboardInteractiveAndRefusalsNameTheUserNotTheSecret() throws {
        var auth = SSHUserAuthentication(username: "alice", credential: .password("s3cret-pw"))
        _ = auth.start()
        guard
            case .send(var request) = auth.failed(
                methods: ["publickey", "keyboard-interactive"], partialSuccess: false, sessionID: sessionID,
                serverSigAlgs: nil)
        else {
            Issue.record("expected keyboard-interactive")
            return
        }
        _ = try request.readSSHByte()
        _ = try request.readSSHText()
        _ = try request.readSSHText()
        #expect(try request.readSSHText() == "keyboard-interactive")
        var prompt = ByteBuffer()
        prompt.writeInteger(SSHMessage.userAuthMethodSpecific)
        for text in ["", "", ""] { prompt.writeSSHString(text) }
        prompt.writeSSHUInt32(1)
        prompt.writeSSHString("Password: ")
        prompt.writeSSHBool(false)
        guard case .send(var answer) = try auth.methodSpecific(prompt) else {
            Issue.record("expected an answer")
            return
        }
        #expect(try answer.readSSHByte() == SSHMessage.userAuthInfoResponse)
        #expect(try answer.readSSHUInt32() == 1)
        #expect(try answer.readSSHText() == "s3cret-pw")
        guard
            case .refused(let message) = auth.failed(
                methods: ["keyboard-interactive"], partialSuccess: false, sessionID: sessionID, serverSigAlgs: nil)
        else {
            Issue.record("expected a refusal")
            return
        }
        #expect(message == "the server rejected the password for user 'alice'")
        #expect(!"\(SSHClientCredential.password("s3cret-pw"))".contains("s3cret"))
    }

    @Test func aServerWithoutTheCredentialsMethodIsRefusedWithAHint() {
        var auth = SSHUserAuthentication(username: "bob", credential: .password("x"))
        _ = auth.start()
        guard
            case .refused(let message) = auth.failed(
                methods: ["publickey"], partialSuccess: false, sessionID: sessionID, serverSigAlgs: nil)
        else {
            Issue.record("expected a refusal")
            return
        }
        #expect(message == "the server does not accept password authentication for user 'bob' (try an SSH key)")
    }
}
