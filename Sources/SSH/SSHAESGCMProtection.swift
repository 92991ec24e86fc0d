import Crypto
import Foundation
import NIOCore

/// `aes128-gcm@openssh.com` / `aes256-gcm@openssh.com` (RFC 5647 as OpenSSH does it): `packet_length` in
/// clear as the additional authenticated data, the rest encrypted, a 16-byte tag; the 12-byte nonce is the
/// derived IV whose last 8 bytes are an invocation counter incremented after each packet.
struct SSHAESGCMProtection: SSHPacketProtection {
    private let key: SymmetricKey
    private let fixed: [UInt8]
    private var invocation: UInt64

    var blockSize: Int { 16 }
    var lengthInClear: Bool { true }
    var tagLength: Int { 16 }

    init(key: [UInt8], iv: [UInt8]) throws(SSHError) {
        guard iv.count == 12, key.count == 16 || key.count == 32 else {
            throw SSHError(.crypto, "AES-GCM needs a 12-byte IV and a 128/256-bit key")
        }
        self.key = SymmetricKey(data: key)
        fixed = Array(iv[0..<4])
        invocation = iv[4..<12].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    private func nonce() throws(SSHError) -> AES.GCM.Nonce {
        var bytes = fixed
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: invocation >> UInt64(shift)))
        }
        do {
            return try AES.GCM.Nonce(data: bytes)
        } catch {
            throw SSHError(.crypto, "AES-GCM nonce rejected", underlying: error)
        }
    }

    mutating func seal(_ packet: [UInt8], sequence: UInt32, into output: inout ByteBuffer) throws(SSHError) {
        let nonce = try nonce()
        let box: AES.GCM.SealedBox
        do {
            box = try AES.GCM.seal(packet[4...], using: key, nonce: nonce, authenticating: packet[0..<4])
        } catch {
            throw SSHError(.crypto, "AES-GCM encryption failed", underlying: error)
        }
        invocation &+= 1
        output.writeBytes(packet[0..<4])
        output.writeBytes(box.ciphertext)
        output.writeBytes(box.tag)
    }

    func packetLength(_ head: [UInt8], sequence: UInt32) throws(SSHError) -> UInt32 {
        try SSHPacketFormat.readLength(head)
    }

    mutating func open(_ packet: [UInt8], sequence: UInt32) throws(SSHError) -> [UInt8] {
        guard packet.count >= 4 + 16 else { throw .malformed("AES-GCM packet") }
        let nonce = try nonce()
        let plaintext: Data
        do {
            let box = try AES.GCM.SealedBox(
                nonce: nonce, ciphertext: packet[4..<(packet.count - 16)], tag: packet[(packet.count - 16)...])
            plaintext = try AES.GCM.open(box, using: key, authenticating: packet[0..<4])
        } catch {
            throw SSHError(.protocolViolation, "an SSH packet failed AES-GCM authentication", underlying: error)
        }
        invocation &+= 1
        return Array(plaintext)
    }
}
