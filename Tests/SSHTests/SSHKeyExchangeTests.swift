import Crypto
import Foundation
import NIOCore
import OutflowTestSupport
import Testing

@testable import SSH

/// Exchange hash, key derivation, mpint encoding and algorithm negotiation, against values computed
/// independently (Python hashlib) from the RFC 4253 formulas.
@Suite(.onDedicatedThreads) struct SSHKeyExchangeTests {
    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    private let secret = (0..<32).map { UInt8(0x80 + $0) }  // top bit set: the mpint needs a zero byte

    private func fixedHash() -> [UInt8] {
        var hostKey = ByteBuffer()
        hostKey.writeSSHString("ssh-ed25519")
        hostKey.writeSSHString(Array(100..<132).map(UInt8.init))
        return SSHKeyExchange.exchangeHash(
            hash: .sha256, clientVersion: "SSH-2.0-Outflow_1.0", serverVersion: "SSH-2.0-OpenSSH_9.2p1",
            clientKexInit: [20] + (0..<16).map(UInt8.init) + Array(repeating: 0, count: 40),
            serverKexInit: [20] + (16..<32).map(UInt8.init) + Array(repeating: 1, count: 40),
            hostKey: Array(hostKey.readableBytesView), clientPublic: (0..<32).map(UInt8.init),
            serverPublic: (32..<64).map(UInt8.init), sharedSecret: secret)
    }

    @Test func theExchangeHashOfAFixedTranscriptMatchesAnIndependentComputation() {
        #expect(hex(fixedHash()) == "a11e015cf5ddeebc88cca905f17ec0c0f02bd6bbab3c46d8c5c40f569bf57e3f")
    }

    @Test func keyDerivationExtendsPastOneDigest() {
        let key = SSHSessionKeys.derive(
            hash: .sha256, sharedSecret: secret, exchangeHash: fixedHash(), sessionID: (200..<232).map(UInt8.init),
            letter: "A", length: 48)
        #expect(
            hex(key) == "8b0e2f5375cea6b2d77886e2c61d928a10beaa66e3912e52ef6a423badfb0fd6"
                + "b8a1860b0b266189a373ed5381488e8d")
    }

    @Test func mpintsDropLeadingZerosAndGuardTheSignBit() {
        #expect(SSHWire.encodedMPInt(unsigned: [0, 0, 0x12, 0x34]) == [0, 0, 0, 2, 0x12, 0x34])
        #expect(SSHWire.encodedMPInt(unsigned: [0x80]) == [0, 0, 0, 2, 0, 0x80])
        #expect(SSHWire.encodedMPInt(unsigned: [0, 0]) == [0, 0, 0, 0])
    }

    @Test(arguments: SSHKexAlgorithm.allCases)
    func bothSidesOfEachKeyExchangeAgreeOnTheSecret(algorithm: SSHKexAlgorithm) throws {
        let client = SSHKeyExchange(algorithm)
        let server = SSHKeyExchange(algorithm)
        #expect(
            try client.sharedSecret(serverPublicKey: server.clientPublicKey)
                == server.sharedSecret(serverPublicKey: client.clientPublicKey))
        #expect(throws: SSHError.self) { _ = try client.sharedSecret(serverPublicKey: [1, 2, 3]) }
    }

    private func serverKexInit(kex: [String], ciphers: [String], macs: [String] = ["hmac-sha2-256"]) throws
        -> SSHKexInit
    {
        var buffer = ByteBuffer()
        buffer.writeInteger(SSHMessage.kexInit)
        buffer.writeBytes(Array(repeating: 7, count: 16))
        for list in [
            kex, ["rsa-sha2-256", "ssh-ed25519"], ciphers, ciphers, macs, macs, ["none", "zlib"], ["none"], [], [],
        ] {
            buffer.writeSSHNameList(list)
        }
        buffer.writeSSHBool(false)
        buffer.writeSSHUInt32(0)
        return try SSHKexInit(payload: buffer)
    }

    @Test func negotiationTakesTheClientsFirstChoiceTheServerOffers() throws {
        let client = SSHKexInit.client(initial: true, preferences: SSHAlgorithmPreferences())
        #expect(client.kexAlgorithms.contains("kex-strict-c-v00@openssh.com"))
        #expect(client.kexAlgorithms.contains("ext-info-c"))
        #expect(try SSHKexInit(payload: ByteBuffer(bytes: client.payload)).kexAlgorithms == client.kexAlgorithms)
        let server = try serverKexInit(
            kex: ["ecdh-sha2-nistp384", "curve25519-sha256", "kex-strict-s-v00@openssh.com"],
            ciphers: ["aes128-ctr", "aes256-ctr"])
        let agreed = try SSHNegotiatedAlgorithms(client: client, server: server)
        #expect(agreed.kex == .curve25519)
        #expect(agreed.hostKey == .ed25519)
        #expect(agreed.cipherClientToServer == .aes256CTR)
        #expect(agreed.macClientToServer == .hmacSHA256)
        #expect(agreed.strictKex)
        #expect(!SSHKexInit.client(initial: false, preferences: .init()).kexAlgorithms.contains("ext-info-c"))
    }

    @Test func noCommonCipherIsANegotiationErrorNamingWhatTheServerOffers() throws {
        let client = SSHKexInit.client(initial: true, preferences: SSHAlgorithmPreferences())
        let server = try serverKexInit(kex: ["curve25519-sha256"], ciphers: ["aes192-cbc"])
        do {
            _ = try SSHNegotiatedAlgorithms(client: client, server: server)
            Issue.record("negotiation should fail")
        } catch {
            #expect(error.code == .negotiation)
            #expect(error.message.contains("aes192-cbc"))
        }
    }
}
