import Destinations

extension OutboundPolicy {
    /// The policy of tests whose peers listen on 127.0.0.0/8 (what `OUTFLOW_OUTBOUND_ALLOW=127.0.0.0/8` gives).
    static let loopbackPeers = OutboundPolicy(
        allowedNetworks: [IPNetwork(.v4(0x7f00_0000), prefixLength: 8)].compactMap { $0 })
}
