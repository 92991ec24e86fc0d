import Foundation
public import Signing

/// How Outflow authenticates to Azure Storage: the account key (SharedKey), a SAS, or a service principal's
/// OAuth bearer token. `description` never shows a secret.
public enum AzureCredential: Sendable, CustomStringConvertible {
    /// SharedKey with the account name and key.
    case sharedKey(AzureSharedKeyCredential)
    /// A service or account SAS appended to every request.
    case sas(AzureSASToken)
    /// OAuth 2.0 client credentials (Microsoft Entra ID service principal); tokens are fetched and cached.
    case servicePrincipal(AzureTokenSource)

    public var description: String {
        switch self {
        case .sharedKey(let credential): "SharedKey(\(credential.accountName))"
        case .sas: "SAS(<redacted>)"
        case .servicePrincipal: "ServicePrincipal(<redacted>)"
        }
    }

    /// Returns the request authorized, and the SAS query to append (already encoded) if any.
    func authorize(_ request: SignableRequest, client: AzureHTTPClient) async throws(DestinationError) -> (
        SignableRequest, String?
    ) {
        var request = request
        request.addHeaderIfAbsent("x-ms-version", AzureSharedKeySigner.defaultVersion)
        switch self {
        case .sharedKey(let credential):
            return (AzureSharedKeySigner(credential: credential).sign(request, date: Date()), nil)
        case .sas(let token):
            return (request, token.queryString)
        case .servicePrincipal(let source):
            let token = try await source.token(client: client)
            request.headers.removeAll { $0.name.lowercased() == "authorization" }
            request.headers.append(.init("Authorization", token.authorizationHeader))
            return (request, nil)
        }
    }
}

/// Fetches and caches OAuth access tokens for a service principal, refreshing five minutes before expiry.
public actor AzureTokenSource {
    let credentials: OAuthClientCredentials
    private var cached: OAuthAccessToken?

    /// A source for `credentials` (its `authorityHost` may point at a local test endpoint).
    public init(credentials: OAuthClientCredentials) {
        self.credentials = credentials
    }

    func token(client: AzureHTTPClient) async throws(DestinationError) -> OAuthAccessToken {
        if let cached, !cached.needsRefresh(at: Date()) { return cached }
        let request = credentials.tokenRequest()
        let response = try await client.postForm(url: request.url, headers: request.headers, body: request.body)
        guard response.status < 300 || response.status == 400 || response.status == 401 else {
            throw DestinationError(
                response.status >= 500 ? .transient : .auth,
                "the token endpoint \(credentials.authorityHost) answered HTTP \(response.status)")
        }
        do throws(SigningError) {
            let token = try OAuthAccessToken.parse(response.body, receivedAt: Date())
            cached = token
            return token
        } catch {
            throw DestinationError(
                .auth, "service principal sign-in at \(credentials.authorityHost) failed: \(error.message)")
        }
    }
}
