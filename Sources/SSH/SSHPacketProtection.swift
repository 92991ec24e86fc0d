import NIOCore

/// Encryption and integrity of the binary packet protocol for one direction (RFC 4253 §6). A packet is
/// `packet_length ‖ padding_length ‖ payload ‖ padding`, sealed into ciphertext plus a tag.
protocol SSHPacketProtection {
    /// The padded packet is a multiple of this (8 unencrypted, 16 for AES).
    var blockSize: Int { get }
    /// `packet_length` is left out of the alignment (AES-GCM and `-etm` MACs: sent in clear; chacha20-poly1305:
    /// encrypted with its own key).
    var lengthInClear: Bool { get }
    /// Bytes of tag/MAC after each packet.
    var tagLength: Int { get }
    /// Bytes needed to learn `packet_length`.
    var lengthFieldSpan: Int { get }
    /// Encrypts a whole plaintext packet and appends it, with its tag, to `output`.
    mutating func seal(_ packet: [UInt8], sequence: UInt32, into output: inout ByteBuffer) throws(SSHError)
    /// `packet_length` from the first `lengthFieldSpan` bytes of a packet (decrypting them if needed).
    func packetLength(_ head: [UInt8], sequence: UInt32) throws(SSHError) -> UInt32
    /// Verifies and decrypts a whole received packet (`packet_length` field through tag); returns
    /// `padding_length ‖ payload ‖ padding`.
    mutating func open(_ packet: [UInt8], sequence: UInt32) throws(SSHError) -> [UInt8]
}

extension SSHPacketProtection {
    var lengthFieldSpan: Int { lengthInClear ? 4 : max(4, blockSize) }
}

/// Before the first NEWKEYS: no encryption, no MAC (RFC 4253 §6: "none").
struct SSHPlainProtection: SSHPacketProtection {
    var blockSize: Int { 8 }
    var lengthInClear: Bool { false }
    var tagLength: Int { 0 }
    var lengthFieldSpan: Int { 4 }

    mutating func seal(_ packet: [UInt8], sequence: UInt32, into output: inout ByteBuffer) {
        output.writeBytes(packet)
    }

    func packetLength(_ head: [UInt8], sequence: UInt32) throws(SSHError) -> UInt32 {
        try SSHPacketFormat.readLength(head)
    }

    mutating func open(_ packet: [UInt8], sequence: UInt32) -> [UInt8] {
        Array(packet.dropFirst(4))
    }
}

/// Packet layout helpers shared by the protections and the codec.
enum SSHPacketFormat {
    /// Largest packet accepted or sent (the session's own bound; OpenSSH uses 256 KiB).
    static let maximumPacketLength = 256 * 1024

    /// The protection for freshly derived keys.
    static func protection(for keys: SSHDirectionKeys) throws(SSHError) -> any SSHPacketProtection {
        if keys.cipher == .chacha20Poly1305 { return try SSHChaChaPolyProtection(key: keys.encryptionKey) }
        if keys.cipher.isAEAD { return try SSHAESGCMProtection(key: keys.encryptionKey, iv: keys.iv) }
        guard let mac = keys.mac else {
            throw SSHError(.negotiation, "no MAC was negotiated for a CTR cipher")
        }
        return SSHAESCTRProtection(key: keys.encryptionKey, iv: keys.iv, mac: mac, macKey: keys.macKey)
    }

    static func readLength(_ bytes: some Collection<UInt8>) throws(SSHError) -> UInt32 {
        guard bytes.count >= 4 else { throw .malformed("packet (short length field)") }
        return bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }
}
