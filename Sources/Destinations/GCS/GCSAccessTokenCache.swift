import Foundation
import Signing

/// Holds the bearer token of a service account: signs a JWT assertion, exchanges it at the token endpoint and
/// reuses the token until five minutes before it expires. Concurrent callers share one exchange. The clock and
/// the exchange are injected, so tests need no network and no waiting.
actor GCSAccessTokenCache {
    /// Sends a token request and returns the endpoint's answer.
    typealias Exchange = @Sendable (OAuthTokenRequest) async throws(DestinationError) -> GCSResponse

    private let key: GoogleServiceAccountKey
    private let scope: String
    private let now: @Sendable () -> Date
    private let exchange: Exchange
    private var token: OAuthAccessToken?
    private var inFlight: Task<OAuthAccessToken, any Error>?
    /// How many exchanges were made (tests read it).
    private(set) var exchanges = 0

    init(
        key: GoogleServiceAccountKey, scope: String = "https://www.googleapis.com/auth/devstorage.read_write",
        now: @escaping @Sendable () -> Date = { Date() }, exchange: @escaping Exchange
    ) {
        self.key = key
        self.scope = scope
        self.now = now
        self.exchange = exchange
    }

    /// `Bearer <token>`, fetching or refreshing the token when needed.
    func authorization() async throws(DestinationError) -> String {
        if let token, !token.needsRefresh(at: now()) { return token.authorizationHeader }
        let task: Task<OAuthAccessToken, any Error>
        if let inFlight {
            task = inFlight
        } else {
            exchanges += 1
            let (key, scope, now, exchange) = (key, scope, now, exchange)
            task = Task { try await Self.fetch(key: key, scope: scope, now: now, exchange: exchange) }
            inFlight = task
        }
        do {
            let fresh = try await task.value
            if inFlight == task { inFlight = nil }
            token = fresh
            return fresh.authorizationHeader
        } catch {
            if inFlight == task { inFlight = nil }
            throw (error as? DestinationError)
                ?? DestinationError(.auth, "the access token could not be obtained from the token endpoint")
        }
    }

    /// Drops the cached token (after a 401), so the next call exchanges a fresh assertion.
    func invalidate() { token = nil }

    private static func fetch(
        key: GoogleServiceAccountKey, scope: String, now: @Sendable () -> Date, exchange: Exchange
    ) async throws(DestinationError) -> OAuthAccessToken {
        let request: OAuthTokenRequest
        do {
            request = try key.tokenRequest(scope: scope, date: now())
        } catch {
            throw DestinationError(.auth, "the service account key cannot sign a token request: \(error.message)")
        }
        let response: GCSResponse
        do throws(DestinationError) {
            response = try await exchange(request)
        } catch {
            throw DestinationError(error.code, "reaching the token endpoint failed: \(error.message)")
        }
        guard response.isSuccess else {
            let detail = GCSErrorMapping.serverDetail(response.body)
            let reason = detail.reason ?? Self.oauthErrorCode(response.body) ?? "HTTP \(response.status)"
            let code: DestinationError.Code = response.status >= 500 || response.status == 429 ? .transient : .auth
            throw DestinationError(
                code,
                "the token endpoint refused the service account (\(reason)): check that the key is active "
                    + "and its client_email and token_uri are right")
        }
        do {
            return try OAuthAccessToken.parse(response.body, receivedAt: now())
        } catch {
            throw DestinationError(.auth, "the token endpoint's answer is unusable: \(error.message)")
        }
    }

    private struct OAuthError: Decodable { var error: String? }

    /// The OAuth `error` code (letters, digits, `_`) of an error answer, if any.
    static func oauthErrorCode(_ body: [UInt8]) -> String? {
        guard let code = (try? JSONDecoder().decode(OAuthError.self, from: Data(body)))?.error else { return nil }
        return String(code.prefix(64).filter { $0.isLetter || $0.isNumber || $0 == "_" })
    }
}
