import Foundation
import OutflowTestSupport
import Testing

@testable import PGP

/// Signature verification of gpg-made keys and of copies tampered with at the packet level
/// (`Fixtures/make-fixtures.sh` says how each was made). Key A (`genuine.asc`): ed25519 primary
/// 1DB0C543C807B43A with the cv25519 encryption subkey A1 12D4E9722AA72A7D; the other key's cv25519 subkey
/// B1 22C90455941BA3C5 is newer than A1, so code that takes the newest subkey unverified picks it.
@Suite(.onDedicatedThreads) struct PGPKeyValidationTests {
    static let genuineSubkey = "12D4E9722AA72A7D"
    static let foreignSubkey = "22C90455941BA3C5"

    static func fixture(_ name: String) throws -> String {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        return try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func recipient(_ name: String, now: Int64? = nil) throws -> PGPRecipient {
        let key = try fixture(name)
        return try now.map { try PGPRecipient(publicKey: key, now: $0) } ?? PGPRecipient(publicKey: key)
    }

    static func error(_ name: String) throws -> PGPError? {
        let key = try fixture(name)
        do {
            _ = try PGPRecipient(publicKey: key)
            return nil
        } catch {
            return error
        }
    }

    @Test func genuineEd25519KeyPicksItsCurve25519Subkey() throws {
        let recipient = try Self.recipient("genuine.asc")
        #expect(recipient.keyId == Self.genuineSubkey)
        #expect(recipient.algorithm == "ECDH Curve25519")
        #expect(recipient.primaryFingerprint.hasSuffix("1DB0C543C807B43A"))
    }

    @Test func genuineRSAKeyPicksItsRSASubkey() throws {
        let recipient = try Self.recipient("rsa.asc")
        #expect(recipient.keyId == "E3C08FD288C1F0B9")
        #expect(recipient.algorithm == "RSA 3072")
    }

    @Test(arguments: [("p384.asc", "2968164B02C46084", "NIST P-384"), ("p521.asc", "99B53BB9C448DE6C", "NIST P-521")])
    func ecdsaKeysVerifyAndPickTheirECDHSubkey(file: String, keyId: String, curve: String) throws {
        let recipient = try Self.recipient(file)
        #expect(recipient.keyId == keyId)
        #expect(recipient.algorithm == "ECDH \(curve)")
    }

    @Test func ofTwoValidSubkeysTheNewestIsPicked() throws {
        #expect(try Self.recipient("two-subkeys.asc").keyId == "4EEFCB8F4C158C5C")
    }

    @Test func aForeignSubkeyAppendedWithItsOwnBindingIsIgnored() throws {
        let recipient = try Self.recipient("foreign-appended.asc")
        #expect(recipient.keyId == Self.genuineSubkey)
        #expect(recipient.keyId != Self.foreignSubkey)
    }

    @Test func aForeignSubkeyOnASignOnlyKeyIsABadSignatureNamingTheOtherIssuer() throws {
        let error = try Self.error("foreign-only.asc")
        #expect(error?.code == .badSignature)
        #expect(error?.message.contains(Self.foreignSubkey) == true)
        #expect(error?.message.contains("7CCE36B8AFFBE721") == true)
    }

    @Test func aForeignSubkeyUnderTheGenuineBindingSignatureIsABadSignature() throws {
        #expect(try Self.error("foreign-copied-binding.asc")?.code == .badSignature)
    }

    @Test(arguments: ["corrupt-binding.asc", "rsa-corrupt-binding.asc"])
    func aBindingSignatureWithOneBitFlippedRefusesItsOnlySubkey(file: String) throws {
        let error = try Self.error(file)
        #expect(error?.code == .badSignature)
        #expect(error?.message.contains("binding signature") == true)
    }

    @Test func aCorruptNewerBindingFallsBackToTheGenuineSubkey() throws {
        #expect(try Self.recipient("corrupt-newer-binding.asc").keyId == Self.genuineSubkey)
    }

    @Test func aCorruptSelfSignatureRefusesTheKey() throws {
        let error = try Self.error("corrupt-self-signature.asc")
        #expect(error?.code == .badSignature)
        #expect(error?.message.contains("self-signature") == true)
    }

    @Test func aRevokedSubkeyIsSkipped() throws {
        #expect(try Self.recipient("revoked-subkey.asc").keyId == Self.genuineSubkey)
    }

    @Test func aSubkeyRevocationThatDoesNotVerifyChangesNothing() throws {
        #expect(try Self.recipient("forged-subkey-revocation.asc").keyId == "0FE7232D2E8BE7CE")
    }

    @Test func anExpiredSubkeyIsSkippedAndWasPickedBeforeItExpired() throws {
        #expect(try Self.recipient("expired-subkey.asc").keyId == Self.genuineSubkey)
        let beforeExpiry = try Self.recipient("expired-subkey.asc", now: 1_748_736_000 + 3_600)
        #expect(beforeExpiry.keyId == "E712ADE886C3CEA1")
        #expect(beforeExpiry.expiresAt == 1_748_822_400)
    }

    @Test func aRevokedPrimaryKeyIsRefused() throws {
        #expect(try Self.error("revoked-primary.asc")?.code == .revoked)
    }

    @Test func aKeyRevocationThatDoesNotVerifyChangesNothing() throws {
        #expect(try Self.recipient("forged-key-revocation.asc").keyId == Self.genuineSubkey)
    }

    @Test func sha1SelfSignaturesAreAnUnsupportedAlgorithm() throws {
        let error = try Self.error("sha1-self-signatures.asc")
        #expect(error?.code == .unsupportedAlgorithm)
        #expect(error?.message.contains("SHA-1") == true)
    }

    /// The bytes of A with the hashed area of the newest signature of `type` edited by `change`, the left 16
    /// bits of the hash and the signature left as they were.
    static func editedSignature(type: UInt8, _ change: (inout [UInt8]) -> Void) throws -> [UInt8] {
        let packets = try PGPPacket.parseAll(PGPArmor.dearmor(fixture("genuine.asc")))
        var bytes: [UInt8] = []
        for packet in packets {
            var body = Array(packet.body)
            if packet.tag == PGPPacket.Tag.signature.rawValue, body.count > 1, body[1] == type { change(&body) }
            bytes += [0xC0 | packet.tag] + PGPPacket.lengthOctets(body.count) + body
        }
        return bytes
    }

    @Test func anUnknownCriticalSubpacketInvalidatesTheBinding() throws {
        // A binding's hashed subpacket turned into an unknown type (100) marked critical.
        let bytes = try Self.editedSignature(type: 0x18) { body in
            let firstSubpacketType = 7
            body[firstSubpacketType] = 0x80 | 100
        }
        let error: PGPError?
        do {
            _ = try PGPRecipient(publicKeyBytes: bytes)
            error = nil
        } catch let caught {
            error = caught
        }
        #expect(error?.code == .unsupportedAlgorithm)
        #expect(error?.message.contains("critical subpacket") == true)
    }
}
