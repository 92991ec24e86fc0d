#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 address as numbers, for the outbound policy's range checks (no I/O).
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// An IPv4 address, most significant byte first.
    case v4(UInt32)
    /// An IPv6 address as two 64-bit halves, most significant first.
    case v6(high: UInt64, low: UInt64)

    /// Parses a numeric IPv4 (`a.b.c.d`) or IPv6 address (`fe80::1`, `::ffff:127.0.0.1`, with or without
    /// brackets; a zone such as `%eth0` is ignored); nil for anything else, host names included.
    public init?(_ text: String) {
        var text = Substring(text)
        if text.hasPrefix("[") && text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        if let percent = text.firstIndex(of: "%") { text = text[..<percent] }
        guard !text.isEmpty, text.count <= 45 else { return nil }
        let string = String(text)
        if string.contains(":") {
            var raw = in6_addr()
            guard inet_pton(AF_INET6, string, &raw) == 1 else { return nil }
            let bytes = withUnsafeBytes(of: raw) { Array($0) }
            var high: UInt64 = 0
            var low: UInt64 = 0
            for index in 0..<8 { high = high << 8 | UInt64(bytes[index]) }
            for index in 8..<16 { low = low << 8 | UInt64(bytes[index]) }
            self = .v6(high: high, low: low)
        } else {
            var raw = in_addr()
            guard inet_pton(AF_INET, string, &raw) == 1 else { return nil }
            self = .v4(UInt32(bigEndian: raw.s_addr))
        }
    }

    /// The IPv4 address an IPv6 address carries: IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible (`::a.b.c.d`,
    /// not `::` or `::1`) and NAT64 (`64:ff9b::a.b.c.d`) forms reach that IPv4 host, so they are judged as it.
    public var embeddedIPv4: IPAddress? {
        guard case .v6(let high, let low) = self else { return nil }
        let v4 = UInt32(truncatingIfNeeded: low)
        let prefix = low >> 32
        if high == 0 && prefix == 0xffff { return .v4(v4) }
        if high == 0 && prefix == 0 && v4 > 1 { return .v4(v4) }
        if high == 0x0064_ff9b_0000_0000 && prefix == 0 { return .v4(v4) }
        return nil
    }

    /// `a.b.c.d`, or the compressed IPv6 text (`fe80::1`).
    public var description: String {
        switch self {
        case .v4(let value):
            return (0..<4).map { String(value >> (24 - 8 * UInt32($0)) & 0xff) }.joined(separator: ".")
        case .v6(let high, let low):
            var raw = in6_addr()
            withUnsafeMutableBytes(of: &raw) { bytes in
                for index in 0..<8 { bytes[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(index))) }
                for index in 0..<8 { bytes[8 + index] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(index))) }
            }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count)) != nil else { return "::" }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// The address in brackets when it is IPv6 (`[::1]`), as a `host:port` shows it.
    var bracketed: String {
        if case .v6 = self { return "[\(description)]" }
        return description
    }
}
