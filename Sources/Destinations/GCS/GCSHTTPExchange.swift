/// What the GCS adapter needs from HTTP: send one request, get the complete answer. Failures below HTTP
/// (refused, reset, timeout, DNS, TLS) throw a `DestinationError` naming the failed step; `.transient` ones may be
/// retried. The adapter decides about retries itself (resumable uploads resume instead of resending).
protocol GCSHTTPExchange: Sendable {
    func send(_ request: GCSRequest) async throws(DestinationError) -> GCSResponse
    /// The `connect` step of a connection test against the endpoint of `url`; nil when it passed.
    func connectStep(url: String) async -> ConnectionTestReport?
}

extension GCSHTTPExchange {
    /// Exchanges without a network of their own (test doubles) pass the `connect` step.
    func connectStep(url: String) async -> ConnectionTestReport? { nil }
}
