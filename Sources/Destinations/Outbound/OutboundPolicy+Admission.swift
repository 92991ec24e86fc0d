extension OutboundPolicy {
    /// The addresses Outflow may connect to for `host`:`port`: a numeric host is judged as it is; a name is
    /// resolved with `resolver` and every address it has must pass (one refused address refuses the name, so the
    /// answer does not depend on which address a lookup lists first). Connect only to a returned address (the
    /// first is the system's preference): that closes the gap a second lookup would open (DNS rebinding).
    /// - Throws: `OutboundRefusal` naming the rule, or `OutboundResolutionError` when the name does not resolve.
    public func admit(host: String, port: Int, resolver: OutboundResolver) async throws -> [IPAddress] {
        let addresses: [IPAddress]
        if let literal = IPAddress(host) {
            addresses = [literal]
        } else {
            addresses = try await resolver.resolve(host, port)
            guard !addresses.isEmpty else {
                throw OutboundResolutionError(host: host, port: port, cause: "no address for the host")
            }
        }
        for address in addresses {
            if let rule = refusal(address: address, host: host, port: port) {
                throw OutboundRefusal(rule: rule, address: address, port: port, host: host)
            }
        }
        return addresses
    }
}
