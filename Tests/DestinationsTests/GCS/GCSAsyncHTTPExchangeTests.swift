import Testing

@testable import Destinations

@Suite struct GCSAsyncHTTPExchangeTests {
    @Test func anUnresolvableHostIsReportedAsADNSFailure() async {
        do {
            _ = try await GCSAsyncHTTPExchange().send(GCSRequest(method: "GET", url: "http://no-such-host.invalid/x"))
            Issue.record("an unresolvable host must fail")
        } catch {
            #expect(error.message.contains("DNS") && error.message.contains("no-such-host.invalid"), "\(error)")
        }
    }

    @Test func aClosedPortIsReportedAsARefusedConnectionWorthRetrying() async {
        do {
            _ = try await GCSAsyncHTTPExchange().send(GCSRequest(method: "GET", url: "http://127.0.0.1:1/x"))
            Issue.record("a closed port must fail")
        } catch {
            #expect(error.code == .transient && error.message.contains("refused"), "\(error)")
        }
    }

    @Test func hostsInMessagesNeverCarryTheQuery() {
        #expect(GCSAsyncHTTPExchange.host(of: "http://127.0.0.1:9/upload?upload_id=secret") == "127.0.0.1:9")
        #expect(GCSAsyncHTTPExchange.host(of: "https://storage.googleapis.com?x=1") == "storage.googleapis.com")
    }
}
