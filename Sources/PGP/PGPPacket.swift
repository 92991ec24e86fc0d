/// One OpenPGP packet as read from a transferable public key: its tag and body (RFC 4880 section 4).
struct PGPPacket: Sendable, Hashable {
    /// Packet tags this module reads or writes.
    enum Tag: UInt8 {
        case publicKeyEncryptedSessionKey = 1
        case signature = 2
        case secretKey = 5
        case publicKey = 6
        case secretSubkey = 7
        case literalData = 11
        case trust = 12
        case userId = 13
        case publicSubkey = 14
        case userAttribute = 17
        case symmetricallyEncryptedIntegrityProtectedData = 18
        case modificationDetectionCode = 19
    }

    var tag: UInt8
    var body: ArraySlice<UInt8>

    /// Splits `bytes` into packets (old and new header formats); partial body lengths are refused since keys
    /// never use them.
    static func parseAll(_ bytes: [UInt8]) throws(PGPError) -> [PGPPacket] {
        var packets: [PGPPacket] = []
        var offset = 0
        while offset < bytes.count {
            let header = bytes[offset]
            guard header & 0x80 != 0 else {
                throw PGPError(.malformed, "byte \(offset) is not an OpenPGP packet header")
            }
            offset += 1
            let tag: UInt8
            let length: Int
            if header & 0x40 != 0 {
                tag = header & 0x3F
                guard offset < bytes.count else { throw truncated(offset) }
                let first = Int(bytes[offset])
                switch first {
                case ..<192:
                    length = first
                    offset += 1
                case 192..<224:
                    guard offset + 1 < bytes.count else { throw truncated(offset) }
                    length = ((first - 192) << 8) + Int(bytes[offset + 1]) + 192
                    offset += 2
                case 255:
                    guard offset + 4 < bytes.count else { throw truncated(offset) }
                    length = try bigEndian(bytes[(offset + 1)..<(offset + 5)])
                    offset += 5
                default:
                    throw PGPError(.malformed, "packet at byte \(offset - 1) uses a partial length, keys never do")
                }
            } else {
                tag = (header >> 2) & 0x0F
                let lengthBytes = [1, 2, 4, 0][Int(header & 0x03)]
                if lengthBytes == 0 {
                    length = bytes.count - offset
                } else {
                    guard offset + lengthBytes <= bytes.count else { throw truncated(offset) }
                    length = try bigEndian(bytes[offset..<(offset + lengthBytes)])
                    offset += lengthBytes
                }
            }
            guard length <= bytes.count - offset else { throw truncated(offset) }
            packets.append(PGPPacket(tag: tag, body: bytes[offset..<(offset + length)]))
            offset += length
        }
        return packets
    }

    /// A new-format packet header for a body of known `length`.
    static func header(tag: Tag, length: Int) -> [UInt8] {
        [0xC0 | tag.rawValue] + lengthOctets(length)
    }

    /// The new-format length octets of a complete (not partial) body.
    static func lengthOctets(_ length: Int) -> [UInt8] {
        switch length {
        case ..<192:
            return [UInt8(length)]
        case ..<8384:
            let rest = length - 192
            return [UInt8(rest >> 8 + 192), UInt8(rest & 0xFF)]
        default:
            return [
                0xFF, UInt8(length >> 24 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF),
                UInt8(length & 0xFF),
            ]
        }
    }

    /// A multiprecision integer: the bit count then the big-endian bytes without leading zeros.
    static func mpi(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let trimmed = Array(bytes.drop { $0 == 0 })
        guard let first = trimmed.first else { return [0, 0] }
        let bits = (trimmed.count - 1) * 8 + (8 - first.leadingZeroBitCount)
        return [UInt8(bits >> 8), UInt8(bits & 0xFF)] + trimmed
    }

    static func bigEndian(_ bytes: ArraySlice<UInt8>) throws(PGPError) -> Int {
        guard bytes.count <= 4 else { throw PGPError(.malformed, "length field too long") }
        return bytes.reduce(0) { $0 << 8 | Int($1) }
    }

    private static func truncated(_ offset: Int) -> PGPError {
        PGPError(.malformed, "the key ends inside a packet (byte \(offset))")
    }
}

/// Reads fields from a packet body front to back.
struct PGPBodyReader {
    private var bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    var isAtEnd: Bool { bytes.isEmpty }
    var remaining: ArraySlice<UInt8> { bytes }

    mutating func byte(_ field: String) throws(PGPError) -> UInt8 {
        guard let value = bytes.first else { throw PGPError(.malformed, "packet ends before its \(field)") }
        bytes = bytes.dropFirst()
        return value
    }

    mutating func take(_ count: Int, _ field: String) throws(PGPError) -> ArraySlice<UInt8> {
        guard count >= 0, bytes.count >= count else { throw PGPError(.malformed, "packet ends inside its \(field)") }
        let value = bytes.prefix(count)
        bytes = bytes.dropFirst(count)
        return value
    }

    mutating func uint(_ count: Int, _ field: String) throws(PGPError) -> Int {
        try PGPPacket.bigEndian(take(count, field))
    }

    /// A multiprecision integer's magnitude bytes.
    mutating func mpi(_ field: String) throws(PGPError) -> ArraySlice<UInt8> {
        let bits = try uint(2, field)
        return try take((bits + 7) / 8, field)
    }
}
