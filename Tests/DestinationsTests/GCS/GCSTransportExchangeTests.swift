import Testing

@testable import Destinations

@Suite struct GCSTransportExchangeTests {
    /// With a stub resolver: no test looks a name up in the system's DNS.
    @Test func anUnresolvableHostIsReportedAsADNSFailure() async {
        var configuration = HTTPTransport.Configuration(retry: .none)
        configuration.resolver = OutboundResolver { host, port in
            throw OutboundResolutionError(host: host, port: port, cause: "no address for the host")
        }
        let exchange = GCSTransportExchange(transport: HTTPTransport(configuration: configuration))
        do {
            _ = try await exchange.send(GCSRequest(method: "GET", url: "http://no-such-host.invalid/x"))
            Issue.record("an unresolvable host must fail")
        } catch {
            #expect(error.message.contains("DNS") && error.message.contains("no-such-host.invalid"), "\(error)")
        }
    }

    @Test func aClosedPortIsReportedAsAConnectFailureWorthRetrying() async {
        let exchange = GCSTransportExchange(outbound: .loopbackPeers)
        do {
            _ = try await exchange.send(GCSRequest(method: "GET", url: "http://127.0.0.1:1/x"))
            Issue.record("a closed port must fail")
        } catch {
            #expect(error.code == .transient && error.message.contains("connection refused by 127.0.0.1:1"), "\(error)")
        }
    }

    @Test func theDefaultPolicyRefusesALoopbackEndpointBeforeConnecting() async {
        do {
            _ = try await GCSTransportExchange().send(GCSRequest(method: "GET", url: "http://127.0.0.1:1/x"))
            Issue.record("a loopback endpoint must be refused")
        } catch {
            #expect(error.code == .permission && error.message.contains("loopback address 127.0.0.1"), "\(error)")
        }
    }
}
