import Signing

/// Sends JSON API requests for one bucket: adds the bearer token (when a service account is configured), retries
/// transient failures and, after a `401`, exchanges a fresh token once.
struct GCSJSONClient: Sendable {
    let api: GCSJSONAPI
    let http: any GCSHTTPExchange
    let configuration: GCSConfiguration
    /// Nil for anonymous (emulator) access.
    let tokens: GCSAccessTokenCache?

    func send(_ request: GCSRequest, retrying: Bool = true) async throws(DestinationError) -> GCSResponse {
        var refreshed = false
        while true {
            let response = try await GCSRetryLoop.run(configuration, retrying: retrying) {
                () async throws(DestinationError) -> GCSResponse in
                try await http.send(try await authorized(request))
            }
            if response.status == 401, let tokens, !refreshed {
                await tokens.invalidate()
                refreshed = true
                continue
            }
            return response
        }
    }

    private func authorized(_ request: GCSRequest) async throws(DestinationError) -> GCSRequest {
        guard let tokens else { return request }
        var copy = request
        copy.headers.removeAll { $0.name.lowercased() == "authorization" }
        copy.headers.append(.init("Authorization", try await tokens.authorization()))
        return copy
    }
}
