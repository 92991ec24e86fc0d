/// Why the outbound policy refuses an address. The default rules refuse every address that is not on the public
/// internet; `OUTFLOW_OUTBOUND_ALLOW` can lift them. `ownListener` cannot be lifted.
public enum OutboundRule: String, Sendable, Hashable, CaseIterable {
    /// 127.0.0.0/8, ::1.
    case loopback
    /// 169.254.0.0/16 (the cloud instance-metadata address 169.254.169.254 among them), fe80::/10.
    case linkLocal = "link-local"
    /// 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, the shared 100.64.0.0/10, unique-local fc00::/7.
    case `private`
    /// 0.0.0.0/8, ::.
    case unspecified
    /// 224.0.0.0/4, 255.255.255.255, ff00::/8.
    case multicast
    /// A listener of this Outflow process (its HTTP API, later its PostgreSQL port): refused always.
    case ownListener = "own-listener"

    /// The ranges each default rule refuses (an IPv6 address carrying an IPv4 one is judged as that IPv4 one).
    static let ranges: [(OutboundRule, IPNetwork)] = table.compactMap { rule, text in
        IPNetwork(text).map { (rule, $0) }
    }

    private static let table: [(OutboundRule, String)] = [
        (.loopback, "127.0.0.0/8"), (.loopback, "::1/128"),
        (.linkLocal, "169.254.0.0/16"), (.linkLocal, "fe80::/10"),
        (.private, "10.0.0.0/8"), (.private, "172.16.0.0/12"), (.private, "192.168.0.0/16"),
        (.private, "100.64.0.0/10"), (.private, "fc00::/7"),
        (.unspecified, "0.0.0.0/8"), (.unspecified, "::/128"),
        (.multicast, "224.0.0.0/4"), (.multicast, "255.255.255.255/32"), (.multicast, "ff00::/8"),
    ]

    /// The default rule that refuses `address`, or nil for a public address.
    public static func classify(_ address: IPAddress) -> OutboundRule? {
        let judged = address.embeddedIPv4 ?? address
        return ranges.first { $0.1.contains(judged) }?.0
    }

    /// The rule in words, as messages show it ("link-local address").
    var words: String {
        switch self {
        case .loopback: "loopback address"
        case .linkLocal: "link-local address"
        case .private: "private address"
        case .unspecified: "unspecified address"
        case .multicast: "multicast address"
        case .ownListener: "Outflow's own listener"
        }
    }
}
