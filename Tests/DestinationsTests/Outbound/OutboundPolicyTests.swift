import Testing

@testable import Destinations

/// The pure policy: every default range refused, the allow-list lifting them, own listeners refused always.
/// Nothing here opens a connection.
@Suite struct OutboundPolicyTests {
    static let refused: [(String, OutboundRule)] = [
        ("127.0.0.1", .loopback), ("127.255.0.9", .loopback), ("::1", .loopback),
        ("169.254.169.254", .linkLocal), ("169.254.0.1", .linkLocal), ("fe80::1", .linkLocal),
        ("10.0.0.1", .private), ("10.255.255.255", .private), ("172.16.0.1", .private), ("172.31.255.254", .private),
        ("192.168.1.1", .private), ("100.64.0.1", .private), ("fc00::1", .private), ("fd00:ec2::254", .private),
        ("0.0.0.0", .unspecified), ("::", .unspecified), ("224.0.0.1", .multicast), ("239.255.255.250", .multicast),
        ("255.255.255.255", .multicast), ("ff02::1", .multicast),
        ("::ffff:127.0.0.1", .loopback), ("::ffff:169.254.169.254", .linkLocal), ("::ffff:10.1.2.3", .private),
        ("::ffff:0.0.0.0", .unspecified), ("::ffff:224.0.0.1", .multicast), ("64:ff9b::a9fe:a9fe", .linkLocal),
        ("::127.0.0.1", .loopback),
    ]

    @Test(arguments: refused) func theDefaultPolicyRefusesEveryNonPublicRange(address: String, rule: OutboundRule)
        throws
    {
        let parsed = try #require(IPAddress(address))
        #expect(OutboundPolicy().refusal(address: parsed, host: address, port: 443) == rule, "\(address)")
    }

    @Test(arguments: ["8.8.8.8", "172.15.255.255", "172.32.0.1", "100.128.0.1", "52.95.110.1", "2600:1f18::1"])
    func publicAddressesPass(address: String) throws {
        let parsed = try #require(IPAddress(address))
        #expect(OutboundPolicy().refusal(address: parsed, host: address, port: 443) == nil)
    }

    @Test func theAllowListParsesCIDRsAddressesAndHostNames() throws {
        let policy = try OutboundPolicy(
            allowList: " 127.0.0.0/8, fd00::/8,10.1.2.3 ,, minio.internal., *.corp.example ")
        #expect(policy.allowedNetworks.map(\.description) == ["127.0.0.0/8", "fd00::/8", "10.1.2.3/32"])
        #expect(policy.allowedHosts == ["minio.internal", "*.corp.example"])
        let loopback = try #require(IPAddress("127.0.0.1"))
        #expect(policy.refusal(address: loopback, host: "127.0.0.1", port: 9000) == nil)
        let other = try #require(IPAddress("10.1.2.4"))
        #expect(policy.refusal(address: other, host: "10.1.2.4", port: 9000) == .private)
        #expect(policy.refusal(address: other, host: "MinIO.Internal", port: 9000) == nil)
        #expect(policy.refusal(address: other, host: "s3.corp.example", port: 9000) == nil)
        #expect(policy.refusal(address: other, host: "corp.example.evil", port: 9000) == .private)
        let mapped = try #require(IPAddress("::ffff:127.0.0.1"))
        #expect(policy.refusal(address: mapped, host: "::ffff:127.0.0.1", port: 9000) == nil)
    }

    @Test(arguments: [
        "10.0.0.0/33", "fd00::/129", "10.0.0.0/", "10.0.0.0/8/8", "127.1", "exa mple", "-/8", "*", "1.2.3",
    ])
    func aBadAllowListEntryIsAClearError(entry: String) {
        #expect {
            try OutboundPolicy(allowList: "127.0.0.0/8, \(entry)")
        } throws: { error in
            guard let error = error as? DestinationError else { return false }
            return error.code == .invalid && error.field == "OUTFLOW_OUTBOUND_ALLOW"
                && error.message.hasPrefix("OUTFLOW_OUTBOUND_ALLOW: '\(entry)' is neither a CIDR")
        }
    }

    @Test func ownListenersAreRefusedEvenWhenAllowed() throws {
        let listener = OutboundPolicy.Listener(address: IPAddress("127.0.0.1"), port: 8080)
        let policy = try OutboundPolicy(allowList: "127.0.0.0/8,0.0.0.0/8,::1,outflow.local", ownListeners: [listener])
        for text in ["127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1", "0.0.0.0"] {
            let address = try #require(IPAddress(text))
            #expect(policy.refusal(address: address, host: "outflow.local", port: 8080) == .ownListener, "\(text)")
            #expect(policy.refusal(address: address, host: text, port: 8081) == nil, "\(text)")
        }
    }

    @Test func aListenerOnEveryAddressCoversTheMachinesAddresses() throws {
        var policy = try OutboundPolicy(
            allowList: "10.0.0.0/8", ownListeners: [OutboundPolicy.Listener(address: nil, port: 8080)])
        policy.localAddresses = [try #require(IPAddress("10.0.0.5"))]
        #expect(policy.refusal(address: try #require(IPAddress("10.0.0.5")), host: "h", port: 8080) == .ownListener)
        #expect(policy.refusal(address: try #require(IPAddress("10.0.0.6")), host: "h", port: 8080) == nil)
    }

    @Test func theRefusalNamesTheRuleTheAddressAndTheSetting() throws {
        let refusal = OutboundRefusal(
            rule: .linkLocal, address: try #require(IPAddress("169.254.169.254")), port: 80, host: "metadata.internal")
        let error = refusal.destinationError(operation: "PutObject")
        #expect(error.code == .permission && error.serviceCode == "OutboundPolicy" && !error.isRetryable)
        #expect(
            error.message.hasPrefix(
                "PutObject: link-local address 169.254.169.254 (host 'metadata.internal') refused by the outbound "
                    + "policy; to allow it, add its network or host name to OUTFLOW_OUTBOUND_ALLOW"))
        let own = OutboundRefusal(rule: .ownListener, address: .v4(0x7f00_0001), port: 8080, host: "127.0.0.1")
        #expect(
            own.description.contains("127.0.0.1:8080 is Outflow's own listener, refused by the outbound policy always"))
    }

    @Test func addressesParseAndPrintInCanonicalForm() {
        #expect(IPAddress("[fe80::1%eth0]")?.description == "fe80::1")
        #expect(IPAddress("::FFFF:127.0.0.1")?.embeddedIPv4 == IPAddress("127.0.0.1"))
        #expect(IPAddress("example.com") == nil && IPAddress("127.1") == nil && IPAddress("") == nil)
        #expect(IPNetwork("10.1.2.3/8")?.description == "10.0.0.0/8")
    }
}
