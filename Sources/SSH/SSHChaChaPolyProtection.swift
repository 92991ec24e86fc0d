import Crypto
import Foundation
import NIOCore
import Signing
import _CryptoExtras

/// `chacha20-poly1305@openssh.com` (OpenSSH PROTOCOL.chacha20poly1305): a 64-byte key split into K_2 (payload,
/// first half) and K_1 (length, second half); the nonce is the packet sequence number. The length is
/// encrypted with K_1, the rest with K_2 from block 1; the Poly1305 key is K_2's block 0 and the tag covers
/// the encrypted length and body.
struct SSHChaChaPolyProtection: SSHPacketProtection {
    private let mainKey: SymmetricKey
    private let headerKey: SymmetricKey

    var blockSize: Int { 8 }
    var lengthInClear: Bool { true }
    var tagLength: Int { 16 }

    init(key: [UInt8]) throws(SSHError) {
        guard key.count == 64 else { throw SSHError(.crypto, "chacha20-poly1305 needs a 64-byte key") }
        mainKey = SymmetricKey(data: key[0..<32])
        headerKey = SymmetricKey(data: key[32..<64])
    }

    /// ChaCha20 with OpenSSH's 64-bit nonce (the sequence number) as the IETF 96-bit nonce `0 ‖ seq`.
    private func chacha(_ bytes: [UInt8], key: SymmetricKey, sequence: UInt32, counter: UInt32)
        throws(SSHError)
        -> [UInt8]
    {
        do {
            let nonce = try Insecure.ChaCha20CTR.Nonce(data: [0, 0, 0, 0, 0, 0, 0, 0] + SSHWire.uint32(sequence))
            return Array(
                try Insecure.ChaCha20CTR.encrypt(
                    bytes, using: key, counter: .init(offset: counter), nonce: nonce))
        } catch {
            throw SSHError(.crypto, "ChaCha20 failed", underlying: error)
        }
    }

    private func polyKey(sequence: UInt32) throws(SSHError) -> [UInt8] {
        try chacha([UInt8](repeating: 0, count: 32), key: mainKey, sequence: sequence, counter: 0)
    }

    mutating func seal(_ packet: [UInt8], sequence: UInt32, into output: inout ByteBuffer) throws(SSHError) {
        let sealed =
            try chacha(Array(packet[0..<4]), key: headerKey, sequence: sequence, counter: 0)
            + chacha(Array(packet[4...]), key: mainKey, sequence: sequence, counter: 1)
        output.writeBytes(sealed)
        output.writeBytes(Poly1305.tag(sealed, key: try polyKey(sequence: sequence)))
    }

    func packetLength(_ head: [UInt8], sequence: UInt32) throws(SSHError) -> UInt32 {
        try SSHPacketFormat.readLength(
            try chacha(Array(head.prefix(4)), key: headerKey, sequence: sequence, counter: 0))
    }

    mutating func open(_ packet: [UInt8], sequence: UInt32) throws(SSHError) -> [UInt8] {
        guard packet.count >= 4 + 16 else { throw .malformed("chacha20-poly1305 packet") }
        let sealed = Array(packet[0..<(packet.count - 16)])
        let expected = Poly1305.tag(sealed, key: try polyKey(sequence: sequence))
        guard ConstantTimeComparison.equal(expected, packet[(packet.count - 16)...]) else {
            throw SSHError(.protocolViolation, "an SSH packet failed its Poly1305 check")
        }
        return try chacha(Array(sealed[4...]), key: mainKey, sequence: sequence, counter: 1)
    }
}
