import Foundation

/// Which addresses Outflow may open outbound connections to (S3, GCS, Azure and ADLS endpoints, token URIs, STS
/// endpoints, SFTP hosts). Pure: it judges an address that was already resolved, with the host name it came from
/// and the port; `admit(host:port:resolver:)` resolves and judges every address, and the transports connect only
/// to an address it returned, so a name cannot resolve to another address between check and connect.
///
/// By default every address that is not on the public internet is refused (`OutboundRule`: loopback, link-local
/// with the cloud metadata address, private, unspecified, multicast, and the IPv6 forms carrying such an IPv4
/// address). `OUTFLOW_OUTBOUND_ALLOW` lifts that for the networks (CIDRs) and host names it lists. Outflow's own
/// listeners are refused always, whatever the allow-list says.
public struct OutboundPolicy: Sendable, Hashable {
    /// The environment variable holding the allow-list.
    public static let setting = "OUTFLOW_OUTBOUND_ALLOW"

    /// A socket of this process that must never be a destination.
    public struct Listener: Sendable, Hashable, CustomStringConvertible {
        /// The address it is bound to; nil when bound to every address (`0.0.0.0` / `::`).
        public var address: IPAddress?
        /// The port.
        public var port: Int

        public init(address: IPAddress?, port: Int) {
            self.address = address
            self.port = port
        }

        public var description: String { "\(address?.bracketed ?? "*"):\(port)" }
    }

    /// Networks whose addresses are allowed although a default rule refuses them.
    public var allowedNetworks: [IPNetwork]
    /// Host names (lower case, no trailing dot) whose addresses are all allowed; `*.example.com` matches every
    /// name below `example.com`.
    public var allowedHosts: [String]
    /// This process's listeners, refused always.
    public var ownListeners: [Listener]
    /// The addresses of this machine, used for listeners bound to every address (set by the composition root).
    public var localAddresses: [IPAddress]

    /// The strict default: nothing but public addresses, no listeners known.
    public init(
        allowedNetworks: [IPNetwork] = [], allowedHosts: [String] = [], ownListeners: [Listener] = [],
        localAddresses: [IPAddress] = []
    ) {
        self.allowedNetworks = allowedNetworks
        self.allowedHosts = allowedHosts.map { Self.normalized($0) }
        self.ownListeners = ownListeners
        self.localAddresses = localAddresses
    }

    /// Parses the allow-list (`OUTFLOW_OUTBOUND_ALLOW`): comma-separated CIDRs (`127.0.0.0/8`, `fd00::/8`), bare
    /// addresses and host names (`minio.internal`, `*.corp.example`); blanks around entries and empty entries are
    /// ignored. A malformed entry throws `.invalid` naming it, with `field` `OUTFLOW_OUTBOUND_ALLOW`.
    public init(allowList: String, ownListeners: [Listener] = []) throws(DestinationError) {
        var networks: [IPNetwork] = []
        var hosts: [String] = []
        for raw in allowList.split(separator: ",") {
            let entry = raw.trimmingCharacters(in: .whitespaces)
            if entry.isEmpty { continue }
            if let network = IPNetwork(entry) {
                networks.append(network)
            } else if let host = Self.hostPattern(entry) {
                hosts.append(host)
            } else {
                throw DestinationError(
                    .invalid,
                    "\(Self.setting): '\(entry.prefix(80))' is neither a CIDR (address/prefix length, e.g. 10.0.0.0/8 "
                        + "or fd00::/8) nor a host name", field: Self.setting)
            }
        }
        self.init(allowedNetworks: networks, allowedHosts: hosts, ownListeners: ownListeners)
    }

    /// The rule that refuses connecting to `address`:`port` (resolved from `host`), or nil when it is allowed.
    /// Own listeners first (always refused), then the allow-list (host names, then networks), then the defaults.
    public func refusal(address: IPAddress, host: String, port: Int) -> OutboundRule? {
        if isOwnListener(address, port: port) { return .ownListener }
        if allows(host: host) { return nil }
        let judged = address.embeddedIPv4 ?? address
        if allowedNetworks.contains(where: { $0.contains(address) || $0.contains(judged) }) { return nil }
        return OutboundRule.classify(address)
    }

    /// Whether `host` is on the allow-list by name.
    public func allows(host: String) -> Bool {
        let name = Self.normalized(host)
        guard IPAddress(name) == nil else { return false }
        return allowedHosts.contains { pattern in
            if pattern.hasPrefix("*.") { return name.hasSuffix(pattern.dropFirst()) }
            return pattern == name
        }
    }

    /// Whether `address`:`port` reaches one of this process's listeners: the listener's own address, the
    /// unspecified address (which the kernel routes to this machine), any loopback address, and, for a listener
    /// bound to every address, every address of this machine.
    func isOwnListener(_ address: IPAddress, port: Int) -> Bool {
        let judged = address.embeddedIPv4 ?? address
        let rule = OutboundRule.classify(judged)
        return ownListeners.contains { listener in
            guard listener.port == port else { return false }
            if rule == .loopback || rule == .unspecified { return true }
            guard let bound = listener.address else { return localAddresses.contains(judged) }
            return (bound.embeddedIPv4 ?? bound) == judged
        }
    }

    static func normalized(_ host: String) -> String {
        var name = host.lowercased()
        while name.hasSuffix(".") { name.removeLast() }
        return name
    }

    /// A host name or `*.`-prefixed suffix pattern in lower case; nil when it is not one (letters, digits, `-`,
    /// `_` and dots, labels of 1...63).
    static func hostPattern(_ entry: String) -> String? {
        var name = normalized(entry)
        var wildcard = false
        if name.hasPrefix("*.") {
            wildcard = true
            name.removeFirst(2)
        }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard !name.isEmpty, name.count <= 253,
            labels.allSatisfy({ label in
                (1...63).contains(label.count)
                    && label.unicodeScalars.allSatisfy {
                        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_")
                    }
            }),
            !labels.allSatisfy({ $0.allSatisfy(\.isNumber) })
        else { return nil }
        return wildcard ? "*." + name : name
    }
}
