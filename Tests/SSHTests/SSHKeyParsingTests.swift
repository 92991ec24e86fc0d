import Foundation
import OutflowTestSupport
import Testing

@testable import SSH

@Suite struct SSHKeyParsingTests {
    private func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    /// The key's public half, as OpenSSH writes it (`type base64`), without the comment.
    private func publicText(_ key: SSHPrivateKey) throws -> String {
        key.openSSHPublicKey
    }

    /// The wire encoding of an OpenSSH public key line.
    private func blob(_ line: String) throws -> Data {
        let parts = line.split(separator: " ").map(String.init)
        let text = try #require(parts.dropFirst().first)
        return try #require(Data(base64Encoded: text))
    }

    private func withoutComment(_ line: String) -> String {
        line.split(separator: " ").prefix(2).joined(separator: " ")
    }

    @Test(arguments: [
        (SSHKeyFixtures.ed25519Private, SSHKeyFixtures.ed25519Public),
        (SSHKeyFixtures.p256Private, SSHKeyFixtures.p256Public),
        (SSHKeyFixtures.p384Private, SSHKeyFixtures.p384Public),
        (SSHKeyFixtures.p521Private, SSHKeyFixtures.p521Public),
        (SSHKeyFixtures.rsaPrivate, SSHKeyFixtures.rsaPublic),
    ])
    func base64KeyFilesYieldTheKeyOfTheirPublicHalf(privateFile: String, publicLine: String) throws {
        let key = try SSHPrivateKey.parse(parameter: base64(privateFile), passphrase: nil)
        #expect(try publicText(key) == withoutComment(publicLine))
        // The file text itself is accepted too.
        #expect(
            try publicText(try SSHPrivateKey.parse(parameter: privateFile, passphrase: nil))
                == withoutComment(publicLine))
    }

    @Test(arguments: [
        (SSHKeyFixtures.ed25519Public, SSHKeyFixtures.ed25519Fingerprint),
        (SSHKeyFixtures.p256Public, SSHKeyFixtures.p256Fingerprint),
        (SSHKeyFixtures.p521Public, SSHKeyFixtures.p521Fingerprint),
    ])
    func fingerprintsMatchSSHKeygen(publicLine: String, fingerprint: String) throws {
        let wire = try blob(publicLine)
        #expect(SSHHostKeyFingerprint(wireEncoding: wire).description == fingerprint)
        #expect(try SSHHostKeyFingerprint(pin: fingerprint) == SSHHostKeyFingerprint(wireEncoding: wire))
    }

    @Test func pinsAcceptPaddingAndABareDigest() throws {
        let pin = SSHKeyFixtures.ed25519Fingerprint
        let bare = String(pin.dropFirst("SHA256:".count))
        #expect(try SSHHostKeyFingerprint(pin: bare + "=") == SSHHostKeyFingerprint(pin: pin))
        #expect(try SSHHostKeyFingerprint(pin: " " + pin + "\n").description == pin)
    }

    @Test(arguments: ["SHA256:short", "MD5:aa:bb", ""])
    func malformedPinsAreRejected(pin: String) {
        #expect(throws: SSHError.self) { try SSHHostKeyFingerprint(pin: pin) }
        do {
            _ = try SSHHostKeyFingerprint(pin: pin)
        } catch {
            #expect(error.code == .invalidFingerprint)
        }
    }

    @Test func rsaKeysAreParsed() throws {
        let key = try SSHPrivateKey.parse(parameter: base64(SSHKeyFixtures.rsaPrivate), passphrase: nil)
        #expect(key.typeName == "ssh-rsa")
    }

    @Test func shortRSAKeysAreRefusedNamingTheMinimum() {
        do {
            _ = try SSHPrivateKey.parse(parameter: base64(SSHKeyFixtures.rsa1024Private), passphrase: nil)
            Issue.record("a 1024-bit RSA key was accepted")
        } catch {
            #expect(error.code == .invalidKey)
            #expect(error.message.contains("1024 bits"))
            #expect(error.message.contains("2048"))
        }
    }

    @Test func passphraseProtectedKeysWithoutAPassphraseAskForOne() {
        do {
            _ = try SSHPrivateKey.parse(
                parameter: base64(SSHKeyFixtures.passphraseEd25519Private), passphrase: nil)
            Issue.record("an encrypted key was accepted without its passphrase")
        } catch {
            #expect(error.code == .invalidKey)
            #expect(error.message.contains("sshKeyPassphrase"))
        }
    }

    @Test(arguments: [
        "not base64 at all!", Data("hello".utf8).base64EncodedString(), "-----BEGIN RSA PRIVATE KEY-----\nAA\n",
    ])
    func garbageIsRejectedWithoutEchoingIt(parameter: String) {
        do {
            _ = try SSHPrivateKey.parse(parameter: parameter, passphrase: nil)
            Issue.record("garbage was accepted")
        } catch {
            #expect(error.code == .invalidKey)
            #expect(!error.message.contains(parameter))
        }
    }
}
