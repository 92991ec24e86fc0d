import NIOCore
import OutflowTestSupport
import Testing

@testable import SSH

/// Terrapin (CVE-2023-48795): the client offers strict kex, and without the server's
/// `kex-strict-s-v00@openssh.com` it never agrees on chacha20-poly1305 or an `-etm` MAC. Crafted server KEXINITs,
/// no network.
@Suite(.onDedicatedThreads) struct SSHTerrapinNegotiationTests {
    static let strictMarker = "kex-strict-s-v00@openssh.com"

    private func serverKexInit(kex: [String], ciphers: [String], macs: [String]) throws -> SSHKexInit {
        var buffer = ByteBuffer()
        buffer.writeInteger(SSHMessage.kexInit)
        buffer.writeBytes(Array(repeating: 3, count: 16))
        for list in [kex, ["ssh-ed25519"], ciphers, ciphers, macs, macs, ["none"], ["none"], [], []] {
            buffer.writeSSHNameList(list)
        }
        buffer.writeSSHBool(false)
        buffer.writeSSHUInt32(0)
        return try SSHKexInit(payload: buffer)
    }

    private var client: SSHKexInit { SSHKexInit.client(initial: true, preferences: SSHAlgorithmPreferences()) }

    @Test func theFirstKexInitOffersStrictKexAndRekeysDoNot() {
        #expect(client.kexAlgorithms.contains("kex-strict-c-v00@openssh.com"))
        #expect(
            !SSHKexInit.client(initial: false, preferences: .init()).kexAlgorithms.contains {
                $0.hasPrefix("kex-strict")
            })
    }

    @Test func withoutStrictKexChaCha20AndEtmMACsAreNotNegotiated() throws {
        // The server prefers exactly what Terrapin breaks; the client must fall back to aes-ctr + plain HMAC.
        let server = try serverKexInit(
            kex: ["curve25519-sha256"], ciphers: ["chacha20-poly1305@openssh.com", "aes256-ctr"],
            macs: ["hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha2-512"])
        let agreed = try SSHNegotiatedAlgorithms(client: client, server: server)
        #expect(!agreed.strictKex)
        #expect(agreed.cipherClientToServer == .aes256CTR && agreed.cipherServerToClient == .aes256CTR)
        #expect(agreed.macClientToServer == .hmacSHA512 && agreed.macServerToClient == .hmacSHA512)
    }

    @Test func withStrictKexTheClientsPreferencesStand() throws {
        let server = try serverKexInit(
            kex: ["curve25519-sha256", Self.strictMarker], ciphers: ["aes256-ctr"],
            macs: ["hmac-sha2-256-etm@openssh.com", "hmac-sha2-512"])
        let agreed = try SSHNegotiatedAlgorithms(client: client, server: server)
        #expect(agreed.strictKex)
        #expect(agreed.macClientToServer == .hmacSHA256ETM)
        var chachaOnly = SSHAlgorithmPreferences()
        chachaOnly.ciphers = [.chacha20Poly1305]
        let chacha = try SSHNegotiatedAlgorithms(
            client: SSHKexInit.client(initial: true, preferences: chachaOnly),
            server: try serverKexInit(
                kex: ["curve25519-sha256", Self.strictMarker], ciphers: ["chacha20-poly1305@openssh.com"],
                macs: ["hmac-sha2-256"]))
        #expect(chacha.cipherClientToServer == .chacha20Poly1305)
    }

    @Test func aServerOfferingOnlyTerrapinExposedAlgorithmsIsRefusedNamingTheReason() throws {
        let server = try serverKexInit(
            kex: ["curve25519-sha256"], ciphers: ["chacha20-poly1305@openssh.com"], macs: ["hmac-sha2-256"])
        do {
            _ = try SSHNegotiatedAlgorithms(client: client, server: server)
            Issue.record("negotiation should fail without strict kex")
        } catch {
            #expect(error.code == .negotiation)
            #expect(error.message.contains("chacha20-poly1305@openssh.com"))
            #expect(error.message.contains("Terrapin"))
        }
        let etmOnly = try serverKexInit(
            kex: ["curve25519-sha256"], ciphers: ["aes128-ctr"], macs: ["hmac-sha2-256-etm@openssh.com"])
        #expect(throws: SSHError.self) { try SSHNegotiatedAlgorithms(client: client, server: etmOnly) }
    }

    @Test func aRekeyKeepsTheSessionsStrictKexThoughItsKexInitsCarryNoMarker() throws {
        let rekey = SSHKexInit.client(initial: false, preferences: .init())
        let server = try serverKexInit(
            kex: ["curve25519-sha256"], ciphers: ["chacha20-poly1305@openssh.com"], macs: ["hmac-sha2-256"])
        let strict = try SSHNegotiatedAlgorithms(client: rekey, server: server, strictSession: true)
        #expect(strict.cipherClientToServer == .chacha20Poly1305 && strict.strictKex)
        #expect(throws: SSHError.self) {
            try SSHNegotiatedAlgorithms(client: rekey, server: server, strictSession: false)
        }
    }

    @Test func aServerMarkerWithoutTheClientsIsNotStrictKex() throws {
        var preferences = SSHAlgorithmPreferences()
        preferences.ciphers = [.aes128CTR]
        let ours = SSHKexInit.client(initial: false, preferences: preferences)  // no client marker
        let server = try serverKexInit(
            kex: ["curve25519-sha256", Self.strictMarker], ciphers: ["aes128-ctr"], macs: ["hmac-sha2-256"])
        #expect(!SSHNegotiatedAlgorithms.strictKexAgreed(client: ours, server: server))
    }
}
