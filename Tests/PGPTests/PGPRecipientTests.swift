import Foundation
import OutflowTestSupport
import Testing

@testable import PGP

@Suite(.onDedicatedThreads) struct PGPRecipientTests {
    @Test func rsaKeyPicksTheRSAEncryptionSubkeyGPGListed() throws {
        let recipient = try PGPRecipient(publicKey: PGPTestKeys.rsaPublic)
        #expect(recipient.algorithm == "RSA 3072")
        #expect(recipient.fingerprint == "9954060ACBEB9B32ED177D4B6D3E279C22D61F7D")
        #expect(recipient.keyId == "6D3E279C22D61F7D")
        #expect(recipient.primaryFingerprint == "46293967F2C33C2B6951989E5702004979828AF6")
        #expect(recipient.userIds == ["Outflow Test RSA <rsa@outflow.test>"])
        #expect(recipient.expiresAt == nil)
    }

    @Test func ed25519KeyPicksTheCurve25519Subkey() throws {
        let recipient = try PGPRecipient(publicKey: PGPTestKeys.curve25519Public)
        #expect(recipient.algorithm == "ECDH Curve25519")
        #expect(recipient.fingerprint == "A100F7246D337354638380EF8BE35C96A4C1C8B3")
        #expect(recipient.primaryFingerprint == "4101D1D9F18C459ED2E056437CB0E099F7B2AC73")
    }

    @Test func nistP256KeyPicksTheECDHSubkey() throws {
        let recipient = try PGPRecipient(publicKey: PGPTestKeys.p256Public)
        #expect(recipient.algorithm == "ECDH NIST P-256")
        #expect(recipient.fingerprint == "91082C3D74E1E44B2A107A21287AB1EBA4EF60DB")
    }

    @Test func base64OfTheArmorAndTheBinaryKeyParseToTheSameKey() throws {
        let armored = try PGPRecipient(publicKey: PGPTestKeys.curve25519Public)
        let base64 = Data(PGPTestKeys.curve25519Public.utf8).base64EncodedString()
        #expect(try PGPRecipient(publicKey: base64) == armored)
        let binary = try PGPArmor.dearmor(PGPTestKeys.curve25519Public)
        #expect(try PGPRecipient(publicKeyBytes: binary) == armored)
        #expect(try PGPRecipient(publicKey: Data(binary).base64EncodedString()) == armored)
    }

    @Test func secretKeysAreRefusedAsNotAPublicKey() {
        let error = Self.error(PGPTestKeys.curve25519Secret)
        #expect(error?.code == .notAPublicKey)
        #expect(error?.message.contains("PRIVATE KEY BLOCK") == true)
    }

    @Test(arguments: ["", "hello", "-----BEGIN PGP MESSAGE-----\n\nwcBMA==\n-----END PGP MESSAGE-----"])
    func textThatIsNoKeyIsRefused(text: String) {
        #expect(Self.error(text)?.code == .notAPublicKey)
    }

    @Test func aDamagedArmorChecksumIsMalformed() {
        var lines = PGPTestKeys.curve25519Public.split(separator: "\n").map(String.init)
        let index = lines.firstIndex { $0.hasPrefix("=") && $0.count == 5 } ?? 0
        lines[index] = lines[index] == "=AAAA" ? "=BBBB" : "=AAAA"
        #expect(Self.error(lines.joined(separator: "\n"))?.code == .malformed)
    }

    @Test func signOnlyKeyHasNoEncryptionKey() {
        let error = Self.error(PGPTestKeys.signOnlyPublic)
        #expect(error?.code == .noEncryptionKey)
        #expect(error?.message.contains("26983478C8C2A479A69DE2C985C72379120C10D6") == true)
    }

    @Test func expiredKeyIsRefusedAsExpired() {
        #expect(Self.error(PGPTestKeys.expiredPublic)?.code == .expired)
    }

    @Test func expiredKeyWasUsableBeforeItExpired() throws {
        let recipient = try PGPRecipient(publicKey: PGPTestKeys.expiredPublic, now: 1_577_836_800 + 3_600)
        #expect(recipient.algorithm == "ECDH Curve25519")
        #expect(recipient.expiresAt != nil)
    }

    @Test func revokedKeyIsRefusedAsRevoked() {
        #expect(Self.error(PGPTestKeys.revokedPublic)?.code == .revoked)
    }

    /// DSA signatures cannot be verified (swift-crypto has no DSA), so a DSA primary key is refused before its
    /// Elgamal subkey is looked at.
    @Test func dsaPrimaryKeyIsAnUnsupportedAlgorithmNamedInTheError() {
        let error = Self.error(PGPTestKeys.dsaElgamalPublic)
        #expect(error?.code == .unsupportedAlgorithm)
        #expect(error?.message.contains("DSA") == true)
    }

    @Test func truncatedKeyIsMalformed() throws {
        let binary = try PGPArmor.dearmor(PGPTestKeys.rsaPublic)
        let error = Self.error(bytes: Array(binary.prefix(200)))
        #expect(error?.code == .malformed)
    }

    static func error(_ text: String) -> PGPError? {
        do {
            _ = try PGPRecipient(publicKey: text)
            return nil
        } catch {
            return error
        }
    }

    static func error(bytes: [UInt8]) -> PGPError? {
        do {
            _ = try PGPRecipient(publicKeyBytes: bytes)
            return nil
        } catch {
            return error
        }
    }
}
