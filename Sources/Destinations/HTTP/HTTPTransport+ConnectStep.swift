import AsyncHTTPClient
import NIOCore
import NIOHTTP1

extension HTTPTransport {
    /// The `connect` step of a cloud destination's connection test, against the server of `url`, without
    /// retries: one unsigned `HEAD /` that any HTTP answer passes (it needs the name lookup, the TCP connection
    /// and, over `https`, the TLS handshake). Returns nil when the step passed, else the failed report, whose
    /// error names what failed: "cannot resolve host 'x' (DNS: ...)", "connection refused by host:port",
    /// "could not connect to host:port (connect timed out)", "TLS handshake with host:port failed: ...".
    /// With the default client (`clientConfiguration`) each of these answers at once, not after the timeout. An
    /// address the outbound policy refuses fails the step before any byte is sent, naming the rule and
    /// `OUTFLOW_OUTBOUND_ALLOW`.
    public func connectStep(url: String, timeout: Duration = HTTPTransport.connectTimeout + .seconds(5)) async
        -> ConnectionTestReport?
    {
        guard let address = HTTPEndpointAddress(url: url) else {
            return ConnectionTestReport(
                passed: [], failedStep: .connect,
                error: DestinationError(.invalid, "connection test: the endpoint is not an http(s) URL"))
        }
        var request = HTTPClientRequest(url: address.rootURL)
        request.method = .HEAD
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        let started = ContinuousClock.now
        do {
            try await withOutboundClient(url: address.rootURL) { client in
                let response = try await client.execute(
                    request, deadline: .now() + .nanoseconds(nanoseconds), logger: nil)
                _ = try await response.body.collect(upTo: 1 << 20)
            }
            return nil
        } catch let refusal as OutboundRefusal {
            return ConnectionTestReport(
                passed: [], failedStep: .connect, error: refusal.destinationError(operation: "connection test"))
        } catch {
            return ConnectionTestReport(
                passed: [], failedStep: .connect,
                error: HTTPFailure.classify(error, elapsed: ContinuousClock.now - started).destinationError(
                    operation: "connection test", host: address.description))
        }
    }
}
