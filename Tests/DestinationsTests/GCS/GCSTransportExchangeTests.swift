import Testing

@testable import Destinations

@Suite struct GCSTransportExchangeTests {
    @Test func anUnresolvableHostIsReportedAsADNSFailure() async {
        do {
            _ = try await GCSTransportExchange().send(GCSRequest(method: "GET", url: "http://no-such-host.invalid/x"))
            Issue.record("an unresolvable host must fail")
        } catch {
            #expect(error.message.contains("DNS") && error.message.contains("no-such-host.invalid"), "\(error)")
        }
    }

    @Test func aClosedPortIsReportedAsAConnectFailureWorthRetrying() async {
        do {
            _ = try await GCSTransportExchange().send(GCSRequest(method: "GET", url: "http://127.0.0.1:1/x"))
            Issue.record("a closed port must fail")
        } catch {
            #expect(error.code == .transient && error.message.contains("connection refused by 127.0.0.1:1"), "\(error)")
        }
    }
}
