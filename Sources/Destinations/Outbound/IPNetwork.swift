/// An address range in CIDR notation (`10.0.0.0/8`, `fd00::/8`); a bare address is a range of one.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// The first address of the range (host bits cleared).
    public let base: IPAddress
    /// The number of leading bits that must match (0...32 for IPv4, 0...128 for IPv6).
    public let prefixLength: Int

    /// A range from its first address and prefix length; host bits of `address` are cleared. Nil when the
    /// length does not fit the address family.
    public init?(_ address: IPAddress, prefixLength: Int) {
        switch address {
        case .v4(let value):
            guard (0...32).contains(prefixLength) else { return nil }
            base = .v4(value & Self.mask32(prefixLength))
        case .v6(let high, let low):
            guard (0...128).contains(prefixLength) else { return nil }
            base = .v6(
                high: high & Self.mask64(min(prefixLength, 64)), low: low & Self.mask64(max(prefixLength - 64, 0)))
        }
        self.prefixLength = prefixLength
    }

    /// Parses `address/length` or a bare address (all bits significant); nil when either part is malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPAddress(String(parts[0])) else { return nil }
        var length: Int
        if case .v4 = address { length = 32 } else { length = 128 }
        if parts.count == 2 {
            guard let given = Int(parts[1]), parts[1].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isNumber) else {
                return nil
            }
            length = given
        }
        self.init(address, prefixLength: length)
    }

    /// Whether `address` lies in the range (an IPv4 range never contains an IPv6 address, and the reverse).
    public func contains(_ address: IPAddress) -> Bool {
        switch (base, address) {
        case (.v4(let first), .v4(let value)):
            return value & Self.mask32(prefixLength) == first
        case (.v6(let high, let low), .v6(let otherHigh, let otherLow)):
            return otherHigh & Self.mask64(min(prefixLength, 64)) == high
                && otherLow & Self.mask64(max(prefixLength - 64, 0)) == low
        default:
            return false
        }
    }

    public var description: String { "\(base)/\(prefixLength)" }

    private static func mask32(_ bits: Int) -> UInt32 { bits == 0 ? 0 : UInt32.max << UInt32(32 - bits) }
    private static func mask64(_ bits: Int) -> UInt64 { bits == 0 ? 0 : UInt64.max << UInt64(64 - bits) }
}
