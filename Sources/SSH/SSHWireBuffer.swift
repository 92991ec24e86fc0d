import NIOCore

/// The SSH data types of RFC 4251 §5 on `ByteBuffer`. Readers throw `SSHError` on truncated or
/// oversized input.
extension ByteBuffer {
    mutating func readSSHByte() throws(SSHError) -> UInt8 {
        guard let value = readInteger(as: UInt8.self) else { throw .malformed("packet (truncated byte)") }
        return value
    }

    mutating func readSSHUInt32() throws(SSHError) -> UInt32 {
        guard let value = readInteger(endianness: .big, as: UInt32.self) else {
            throw .malformed("packet (truncated uint32)")
        }
        return value
    }

    mutating func readSSHBool() throws(SSHError) -> Bool {
        try readSSHByte() != 0
    }

    /// A `string` as a slice of this buffer.
    mutating func readSSHString() throws(SSHError) -> ByteBuffer {
        let length = try readSSHUInt32()
        guard length <= readableBytes, let slice = readSlice(length: Int(length)) else {
            throw .malformed("packet (string longer than the packet)")
        }
        return slice
    }

    mutating func readSSHBytes() throws(SSHError) -> [UInt8] {
        let slice = try readSSHString()
        return Array(slice.readableBytesView)
    }

    /// A `string` holding UTF-8 text (invalid sequences are repaired, never trusted).
    mutating func readSSHText() throws(SSHError) -> String {
        String(decoding: try readSSHString().readableBytesView, as: UTF8.self)
    }

    mutating func readSSHNameList() throws(SSHError) -> [String] {
        let text = try readSSHText()
        return text.isEmpty ? [] : text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }

    /// An `mpint` as unsigned big-endian magnitude bytes (negative values are refused).
    mutating func readSSHUnsignedMPInt() throws(SSHError) -> [UInt8] {
        let bytes = try readSSHBytes()
        if let first = bytes.first, first & 0x80 != 0 { throw .malformed("mpint (negative)") }
        return Array(bytes.drop(while: { $0 == 0 }))
    }

    mutating func writeSSHBool(_ value: Bool) {
        writeInteger(value ? UInt8(1) : 0)
    }

    mutating func writeSSHUInt32(_ value: UInt32) {
        writeInteger(value, endianness: .big)
    }

    mutating func writeSSHString(_ bytes: some Collection<UInt8>) {
        writeInteger(UInt32(truncatingIfNeeded: bytes.count), endianness: .big)
        writeBytes(bytes)
    }

    mutating func writeSSHString(_ buffer: ByteBuffer) {
        writeInteger(UInt32(truncatingIfNeeded: buffer.readableBytes), endianness: .big)
        writeImmutableBuffer(buffer)
    }

    mutating func writeSSHString(_ text: String) {
        writeSSHString(Array(text.utf8))
    }

    mutating func writeSSHNameList(_ names: [String]) {
        writeSSHString(names.joined(separator: ","))
    }

    /// Writes unsigned big-endian magnitude bytes as an `mpint` (leading zeros dropped, a zero byte added
    /// when the top bit is set).
    mutating func writeSSHMPInt(unsigned magnitude: some Collection<UInt8>) {
        writeSSHString(SSHWire.mpint(unsigned: magnitude))
    }
}

/// Byte-level helpers shared by the SSH transport.
enum SSHWire {
    /// The body of an `mpint` for unsigned big-endian magnitude bytes.
    static func mpint(unsigned magnitude: some Collection<UInt8>) -> [UInt8] {
        var bytes = Array(magnitude.drop(while: { $0 == 0 }))
        if let first = bytes.first, first & 0x80 != 0 { bytes.insert(0, at: 0) }
        return bytes
    }

    /// `mpint` with its length prefix, as the exchange hash and key derivation hash it.
    static func encodedMPInt(unsigned magnitude: some Collection<UInt8>) -> [UInt8] {
        let body = mpint(unsigned: magnitude)
        return uint32(UInt32(body.count)) + body
    }

    /// `string` with its length prefix.
    static func encodedString(_ bytes: some Collection<UInt8>) -> [UInt8] {
        uint32(UInt32(truncatingIfNeeded: bytes.count)) + Array(bytes)
    }

    static func uint32(_ value: UInt32) -> [UInt8] {
        [
            UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
            UInt8(truncatingIfNeeded: value),
        ]
    }

    /// A big-endian magnitude left-padded with zeros to `width` bytes; nil when it does not fit.
    static func fixedWidth(_ magnitude: [UInt8], width: Int) -> [UInt8]? {
        let trimmed = Array(magnitude.drop(while: { $0 == 0 }))
        guard trimmed.count <= width else { return nil }
        return [UInt8](repeating: 0, count: width - trimmed.count) + trimmed
    }
}
