import Foundation
import OutflowTestSupport
import Testing

@testable import SSH

/// Passphrase-protected and PEM/PKCS#8 key files made by ssh-keygen and openssl parse into the key of their
/// `.pub` file, and every way they can be wrong ends in a clear `.invalidKey`.
@Suite(.onDedicatedThreads) struct EncryptedSSHKeyTests {
    private typealias Files = SSHKeyFixtureFiles

    /// Every key type with ssh-keygen's default (aes256-ctr) and -Z aes128-ctr, aes256-cbc,
    /// aes256-gcm@openssh.com, plus aes192-ctr, aes128-cbc, chacha20-poly1305@openssh.com and a 1-round key.
    static let encryptedOpenSSH =
        SSHKeyFixtureFiles.names("-openssh-aes") + SSHKeyFixtureFiles.names("-rounds1-")
        + SSHKeyFixtureFiles.names("-openssh-chacha20")

    @Test(arguments: encryptedOpenSSH)
    func encryptedOpenSSHKeysOpenWithTheirPassphrase(name: String) throws {
        let key = try SSHPrivateKey.parse(
            parameter: Files.base64(try Files.privateKey(name)), passphrase: Files.passphrase)
        #expect(key.openSSHPublicKey == (try Files.publicKey(name)))
    }

    @Test func everyKeyTypeAndCipherHasAFixture() {
        #expect(Self.encryptedOpenSSH.count == 28)
        #expect(Self.pem.count == 27)
    }

    /// `ssh-keygen -m PEM` / `-m PKCS8` with and without a passphrase, `openssl genpkey` ed25519, `openssl pkcs8
    /// -topk8 -v2` (AES-128/192/256-CBC, HMAC-SHA1/SHA256) and `openssl rsa|ec -aes256|-aes192`.
    static let pem =
        SSHKeyFixtureFiles.names("-pem-").filter { !$0.contains("des3") }
        + SSHKeyFixtureFiles.names("-pkcs8-").filter { !$0.contains("des3") }

    @Test(arguments: pem)
    func pemAndPKCS8KeysParseIntoTheirPublicHalf(name: String) throws {
        let passphrase = name.hasSuffix("-plain") ? nil : Files.passphrase
        let key = try SSHPrivateKey.parse(parameter: try Files.privateKey(name), passphrase: passphrase)
        #expect(key.openSSHPublicKey == (try Files.publicKey(name)))
    }

    @Test(arguments: [
        "ed25519-openssh-aes256-ctr", "ecdsa256-openssh-aes128-cbc", "ecdsa384-openssh-aes256-gcm",
        "ed25519-openssh-chacha20-poly1305",
        "rsa2048-pem-pass", "ecdsa521-pem-aes192", "ecdsa256-pkcs8-pass", "ed25519-pkcs8-aes128-sha1",
    ])
    func aWrongPassphraseIsReportedAsSuch(name: String) throws {
        let error = parseError(try Files.privateKey(name), passphrase: "not the passphrase")
        #expect(error?.code == .invalidKey)
        #expect(error?.field == "sshKeyPassphrase")
        #expect(error?.message == "the passphrase does not open the SSH key")
    }

    @Test(arguments: ["ed25519-openssh-aes256-ctr", "rsa3072-pem-aes256", "rsa2048-pkcs8-aes192"])
    func aMissingPassphraseAsksForSSHKeyPassphrase(name: String) throws {
        for passphrase in [nil, ""] as [String?] {
            let error = parseError(try Files.privateKey(name), passphrase: passphrase)
            #expect(error?.message == "the SSH key is protected by a passphrase: set sshKeyPassphrase")
        }
    }

    @Test func unencryptedKeysIgnoreAPassphrase() throws {
        let name = "ecdsa256-pem-plain"
        let key = try SSHPrivateKey.parse(parameter: try Files.privateKey(name), passphrase: "unused")
        #expect(key.openSSHPublicKey == (try Files.publicKey(name)))
    }

    @Test(arguments: [
        ("ed25519-openssh-rounds2000", "2000 bcrypt rounds"),
        ("rsa2048-pem-des3", "DES-EDE3-CBC"),
        ("rsa2048-pkcs8-des3", "DES-EDE3-CBC"),
    ])
    func unsupportedProtectionIsNamedWithTheWayOut(name: String, named: String) throws {
        let error = parseError(try Files.privateKey(name), passphrase: Files.passphrase)
        #expect(error?.code == .invalidKey)
        #expect(error?.message.contains(named) == true, "\(error?.message ?? "accepted")")
        #expect(error?.message.contains("ssh-keygen -p") == true)
    }

    @Test func unknownOpenSSHCiphersAreNamed() {
        #expect(throws: SSHError.self) { try OpenSSHKeyCipher.named("3des-cbc") }
        do {
            _ = try OpenSSHKeyCipher.named("3des-cbc")
        } catch {
            #expect(error.message.contains("'3des-cbc'") && error.message.contains("ssh-keygen -p -Z aes256-ctr"))
        }
    }

    /// Every truncation of an encrypted file's body, and bytes flipped through it, end in `.invalidKey` (or, for
    /// a flip in an ignored byte, the right key): never a crash, never the passphrase in the message.
    @Test(arguments: ["ecdsa256-openssh-rounds1-gcm", "ecdsa256-pkcs8-pass", "ecdsa256-pem-pass"])
    func damagedKeysFailCleanly(name: String) throws {
        let file = try PEMKeyFile(text: try Files.privateKey(name))
        let expected = try Files.publicKey(name)
        var variants: [[UInt8]] = stride(from: 0, to: file.body.count, by: 7).map { Array(file.body.prefix($0)) }
        for offset in stride(from: 0, to: file.body.count, by: 13) {
            var flipped = file.body
            flipped[offset] ^= 0x5A
            variants.append(flipped)
        }
        for body in variants {
            let text = armour(label: file.label, headers: file.headers, body: body)
            do {
                let key = try SSHPrivateKey.parse(parameter: text, passphrase: Files.passphrase)
                #expect(key.openSSHPublicKey == expected)
            } catch {
                #expect(error.code == .invalidKey)
                #expect(!error.message.contains(Files.passphrase))
            }
        }
    }

    @Test(arguments: [
        "", "   ", "-----BEGIN OPENSSH PRIVATE KEY-----\n-----END OPENSSH PRIVATE KEY-----",
        "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n", "-----BEGIN FOO-----\nAAAA\n-----END FOO-----",
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA/////w==\n-----END OPENSSH PRIVATE KEY-----",
        String(repeating: "QUFB", count: 30_000),
    ])
    func garbageIsInvalid(parameter: String) {
        let error = parseError(parameter, passphrase: "secret passphrase")
        #expect(error?.code == .invalidKey)
        #expect(error?.message.contains("secret passphrase") == false)
    }

    private func parseError(_ parameter: String, passphrase: String?) -> SSHError? {
        do {
            _ = try SSHPrivateKey.parse(parameter: parameter, passphrase: passphrase)
            return nil
        } catch {
            return error
        }
    }

    private func armour(label: String, headers: [String: String], body: [UInt8]) -> String {
        let head = headers.sorted { $0.key > $1.key }.map { "\($0.key): \($0.value)\n" }.joined()
        let separator = headers.isEmpty ? "" : "\n"
        let encoded = Data(body).base64EncodedString(options: .lineLength64Characters)
        return "-----BEGIN \(label)-----\n\(head)\(separator)\(encoded)\n-----END \(label)-----\n"
    }
}
