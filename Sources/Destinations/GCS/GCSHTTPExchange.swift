/// What the GCS adapter needs from HTTP: send one request, get the complete answer. Failures below HTTP
/// (refused, reset, timeout, DNS, TLS) throw a `DestinationError` naming the failed step; `.transient` ones may be
/// retried. The adapter decides about retries itself (resumable uploads resume instead of resending).
protocol GCSHTTPExchange: Sendable {
    func send(_ request: GCSRequest) async throws(DestinationError) -> GCSResponse
}
