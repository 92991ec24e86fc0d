/// What key selection needs from a signature packet: its type and the hashed subpackets for creation time,
/// key expiration and key flags (RFC 4880 sections 5.2.3.4, 5.2.3.6, 5.2.3.21). Signatures are not
/// verified: the key is supplied by the connection's owner, who is the one it protects.
struct PGPSignatureInfo: Sendable, Hashable {
    var type: UInt8
    var created: UInt32
    /// Seconds after the key's creation when it expires; nil or 0 means never.
    var keyExpiration: UInt32?
    /// The first key-flags octet, when present.
    var keyFlags: UInt8?

    /// Certification of a user ID (0x10-0x13) or a direct-key signature (0x1F).
    var isSelfCertification: Bool { (0x10...0x13).contains(type) || type == 0x1F }
    static let subkeyBinding: UInt8 = 0x18
    static let keyRevocation: UInt8 = 0x20
    static let subkeyRevocation: UInt8 = 0x28

    /// Key flags "may encrypt communications" (0x04) or "may encrypt storage" (0x08).
    var flagsAllowEncryption: Bool? { keyFlags.map { $0 & 0x0C != 0 } }

    init(body: ArraySlice<UInt8>) throws(PGPError) {
        var reader = PGPBodyReader(body)
        let version = try reader.byte("signature version")
        switch version {
        case 3:
            _ = try reader.byte("hashed length")
            type = try reader.byte("signature type")
            created = UInt32(try reader.uint(4, "signature time"))
        case 4:
            type = try reader.byte("signature type")
            _ = try reader.take(2, "signature algorithms")
            let hashedLength = try reader.uint(2, "hashed subpackets length")
            created = 0
            var subpackets = PGPBodyReader(try reader.take(hashedLength, "hashed subpackets"))
            while !subpackets.isAtEnd {
                let first = Int(try subpackets.byte("subpacket length"))
                let length: Int
                switch first {
                case ..<192: length = first
                case 192..<255: length = ((first - 192) << 8) + Int(try subpackets.byte("subpacket length")) + 192
                default: length = try subpackets.uint(4, "subpacket length")
                }
                guard length >= 1 else { throw PGPError(.malformed, "a signature subpacket is empty") }
                let kind = try subpackets.byte("subpacket type") & 0x7F
                let data = try subpackets.take(length - 1, "subpacket")
                switch kind {
                case 2 where data.count == 4: created = UInt32(try PGPPacket.bigEndian(data))
                case 9 where data.count == 4: keyExpiration = UInt32(try PGPPacket.bigEndian(data))
                case 27: keyFlags = data.first
                default: break
                }
            }
        default:
            // Version 5/6 signatures (RFC 9580) come with version 6 keys, which are refused earlier.
            type = 0
            created = 0
        }
    }
}
