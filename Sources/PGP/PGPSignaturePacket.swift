/// A signature packet of a transferable public key (RFC 4880 section 5.2): its type and algorithms, the hashed
/// subpackets key selection reads (creation, signature and key expiration, key flags), the issuer, and what
/// verifying it needs (the hashed part, the left 16 bits of the hash, the algorithm-specific fields).
struct PGPSignaturePacket: Sendable, Hashable {
    var version: UInt8
    var type: UInt8
    var publicKeyAlgorithm: UInt8 = 0
    var hashAlgorithm: UInt8 = 0
    /// Version 4: the octets from the version through the hashed subpackets, hashed after the signed data.
    var hashedPart: [UInt8] = []
    /// The left 16 bits of the signed hash, as stored.
    var hashPrefix: [UInt8] = []
    /// The algorithm-specific fields (MPIs, or the 64 octets of an Ed25519 signature).
    var signatureFields: [UInt8] = []
    var created: UInt32 = 0
    /// Seconds after `created` when the signature itself expires; nil or 0 means never.
    var signatureExpiration: UInt32?
    /// Seconds after the key's creation when it expires; nil or 0 means never.
    var keyExpiration: UInt32?
    /// The first key-flags octet, when present.
    var keyFlags: UInt8?
    /// The issuer's key id (subpacket 16, or the low 64 bits of an issuer fingerprint, subpacket 33), from
    /// either area: a hint for messages, never trusted (the unhashed area is not signed).
    var issuer: [UInt8]?
    /// A hashed subpacket marked critical that Outflow does not know (the signature must then be refused).
    var unknownCriticalSubpacket: UInt8?

    /// Certification of a user ID (0x10-0x13).
    var isCertification: Bool { (0x10...0x13).contains(type) }
    static let subkeyBinding: UInt8 = 0x18
    static let directKey: UInt8 = 0x1F
    static let keyRevocation: UInt8 = 0x20
    static let subkeyRevocation: UInt8 = 0x28
    static let certificationRevocation: UInt8 = 0x30

    /// Key flags "may encrypt communications" (0x04) or "may encrypt storage" (0x08).
    var flagsAllowEncryption: Bool? { keyFlags.map { $0 & 0x0C != 0 } }

    /// Hashed subpacket types Outflow knows (RFC 4880 section 5.2.3.1, RFC 9580 section 5.2.3.7); a critical
    /// one outside this set invalidates the signature.
    static let knownSubpackets: Set<UInt8> = [
        2, 3, 4, 5, 6, 7, 9, 11, 12, 16, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 39,
    ]

    init(body: ArraySlice<UInt8>) throws(PGPError) {
        var reader = PGPBodyReader(body)
        version = try reader.byte("signature version")
        switch version {
        case 3:
            _ = try reader.byte("hashed length")
            type = try reader.byte("signature type")
            created = UInt32(try reader.uint(4, "signature time"))
        case 4:
            type = try reader.byte("signature type")
            publicKeyAlgorithm = try reader.byte("signature public-key algorithm")
            hashAlgorithm = try reader.byte("signature hash algorithm")
            let hashedLength = try reader.uint(2, "hashed subpackets length")
            let hashed = try reader.take(hashedLength, "hashed subpackets")
            hashedPart = Array(body.prefix(6 + hashedLength))
            try readSubpackets(hashed, hashed: true)
            let unhashedLength = try reader.uint(2, "unhashed subpackets length")
            try readSubpackets(try reader.take(unhashedLength, "unhashed subpackets"), hashed: false)
            hashPrefix = Array(try reader.take(2, "left 16 bits of the hash"))
            signatureFields = Array(reader.remaining)
        default:
            // Version 5/6 signatures (RFC 9580) come with version 5/6 keys, which are refused earlier.
            type = 0
        }
    }

    private mutating func readSubpackets(_ area: ArraySlice<UInt8>, hashed: Bool) throws(PGPError) {
        var subpackets = PGPBodyReader(area)
        while !subpackets.isAtEnd {
            let first = Int(try subpackets.byte("subpacket length"))
            let length: Int
            switch first {
            case ..<192: length = first
            case 192..<255: length = ((first - 192) << 8) + Int(try subpackets.byte("subpacket length")) + 192
            default: length = try subpackets.uint(4, "subpacket length")
            }
            guard length >= 1 else { throw PGPError(.malformed, "a signature subpacket is empty") }
            let typeOctet = try subpackets.byte("subpacket type")
            let kind = typeOctet & 0x7F
            let data = try subpackets.take(length - 1, "subpacket")
            switch kind {
            case 16 where data.count == 8 && issuer == nil: issuer = Array(data)
            case 33 where data.count == 21 && issuer == nil: issuer = Array(data.suffix(8))
            default: break
            }
            guard hashed else { continue }
            switch kind {
            case 2 where data.count == 4: created = UInt32(try PGPPacket.bigEndian(data))
            case 3 where data.count == 4: signatureExpiration = UInt32(try PGPPacket.bigEndian(data))
            case 9 where data.count == 4: keyExpiration = UInt32(try PGPPacket.bigEndian(data))
            case 27: keyFlags = data.first
            default:
                if typeOctet & 0x80 != 0, !Self.knownSubpackets.contains(kind), unknownCriticalSubpacket == nil {
                    unknownCriticalSubpacket = kind
                }
            }
        }
    }
}
