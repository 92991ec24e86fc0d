import Crypto
import Foundation
import NIOCore
import Signing
import _CryptoExtras

/// `aes128-ctr` / `aes256-ctr` (RFC 4344) with an HMAC-SHA2 MAC (RFC 6668): either MAC-then-encrypt over
/// `sequence ‖ plaintext packet`, or OpenSSH's encrypt-then-MAC (`-etm`: length in clear, MAC over
/// `sequence ‖ length ‖ ciphertext`). The 128-bit counter runs on across packets.
struct SSHAESCTRProtection: SSHPacketProtection {
    private let key: SymmetricKey
    private var counter: [UInt8]
    private let mac: SSHMACAlgorithm
    private let macKey: SymmetricKey

    var blockSize: Int { 16 }
    var lengthInClear: Bool { mac.encryptThenMAC }
    var tagLength: Int { mac.tagLength }

    init(key: [UInt8], iv: [UInt8], mac: SSHMACAlgorithm, macKey: [UInt8]) {
        self.key = SymmetricKey(data: key)
        counter = iv
        self.mac = mac
        self.macKey = SymmetricKey(data: macKey)
    }

    private func crypt(_ bytes: some DataProtocol, counter: [UInt8]) throws(SSHError) -> Data {
        do {
            return try AES._CTR.encrypt(bytes, using: key, nonce: AES._CTR.Nonce(nonceBytes: counter))
        } catch {
            throw SSHError(.crypto, "AES-CTR failed", underlying: error)
        }
    }

    /// Advances the big-endian 128-bit counter by `blocks`.
    private mutating func advance(blocks: Int) {
        var carry = UInt64(blocks)
        var index = counter.count - 1
        while carry > 0, index >= 0 {
            let sum = UInt64(counter[index]) + (carry & 0xFF)
            counter[index] = UInt8(truncatingIfNeeded: sum)
            carry = (carry >> 8) + (sum >> 8)
            index -= 1
        }
    }

    private func tag(sequence: UInt32, _ parts: [UInt8]...) -> [UInt8] {
        let sequenceBytes = SSHWire.uint32(sequence)
        switch mac {
        case .hmacSHA256, .hmacSHA256ETM:
            var hmac = HMAC<SHA256>(key: macKey)
            hmac.update(data: sequenceBytes)
            for part in parts { hmac.update(data: part) }
            return Array(hmac.finalize())
        case .hmacSHA512, .hmacSHA512ETM:
            var hmac = HMAC<SHA512>(key: macKey)
            hmac.update(data: sequenceBytes)
            for part in parts { hmac.update(data: part) }
            return Array(hmac.finalize())
        }
    }

    mutating func seal(_ packet: [UInt8], sequence: UInt32, into output: inout ByteBuffer) throws(SSHError) {
        if mac.encryptThenMAC {
            let ciphertext = Array(try crypt(packet[4...], counter: counter))
            advance(blocks: ciphertext.count / 16)
            output.writeBytes(packet[0..<4])
            output.writeBytes(ciphertext)
            output.writeBytes(tag(sequence: sequence, Array(packet[0..<4]), ciphertext))
        } else {
            let ciphertext = try crypt(packet, counter: counter)
            advance(blocks: packet.count / 16)
            output.writeBytes(ciphertext)
            output.writeBytes(tag(sequence: sequence, packet))
        }
    }

    func packetLength(_ head: [UInt8], sequence: UInt32) throws(SSHError) -> UInt32 {
        if mac.encryptThenMAC { return try SSHPacketFormat.readLength(head) }
        return try SSHPacketFormat.readLength(try crypt(head.prefix(16), counter: counter))
    }

    mutating func open(_ packet: [UInt8], sequence: UInt32) throws(SSHError) -> [UInt8] {
        guard packet.count >= 4 + tagLength else { throw .malformed("AES-CTR packet") }
        let body = packet[0..<(packet.count - tagLength)]
        let received = packet[(packet.count - tagLength)...]
        if mac.encryptThenMAC {
            let expected = tag(sequence: sequence, Array(body[0..<4]), Array(body[4...]))
            guard ConstantTimeComparison.equal(expected, received) else { throw Self.badMAC }
            let plaintext = Array(try crypt(body[4...], counter: counter))
            advance(blocks: plaintext.count / 16)
            return plaintext
        }
        let plaintext = Array(try crypt(body, counter: counter))
        advance(blocks: plaintext.count / 16)
        guard ConstantTimeComparison.equal(tag(sequence: sequence, plaintext), received) else { throw Self.badMAC }
        return Array(plaintext[4...])
    }

    private static let badMAC = SSHError(.protocolViolation, "an SSH packet failed its MAC check")
}
