/// Reads the SSH wire encoding (RFC 4251 `uint32` and length-prefixed `string`) of OpenSSH key files, checking
/// every length against the bytes left.
struct SSHWireReader {
    private(set) var remaining: ArraySlice<UInt8>
    /// What the bytes are, for error messages ("key file", "private section").
    let context: String

    init(_ bytes: ArraySlice<UInt8>, context: String) {
        remaining = bytes
        self.context = context
    }

    var isEmpty: Bool { remaining.isEmpty }

    mutating func readUInt32() throws(SSHError) -> UInt32 {
        let bytes = try readBytes(4)
        return bytes.reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
    }

    mutating func readBytes(_ count: Int) throws(SSHError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining.count else {
            throw SSHKeyError.malformed("the \(context) is truncated")
        }
        let bytes = remaining.prefix(count)
        remaining = remaining.dropFirst(count)
        return bytes
    }

    /// A `string`: a `uint32` length, then that many bytes.
    mutating func readString() throws(SSHError) -> ArraySlice<UInt8> {
        let length = try readUInt32()
        return try readBytes(Int(length))
    }

    /// A `string` holding text (names of ciphers, key types); invalid UTF-8 is replaced, never echoed raw.
    mutating func readText() throws(SSHError) -> String {
        String(decoding: try readString(), as: UTF8.self)
    }
}
