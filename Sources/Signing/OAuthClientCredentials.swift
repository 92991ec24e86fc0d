/// Microsoft Entra ID (Azure AD) service-principal credentials for the OAuth 2.0 client-credentials grant, as
/// ADLS Gen2 uses them (`servicePrincipalId`, `servicePrincipalKey`, `tenant`, `authorityHost`). The
/// `description` hides the secret.
public struct OAuthClientCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The public cloud's authority.
    public static let defaultAuthorityHost = "https://login.microsoftonline.com"
    /// The scope for Azure Storage (Blob and DFS).
    public static let storageScope = "https://storage.azure.com/.default"

    /// The authority host (a local endpoint in tests).
    public var authorityHost: String
    /// The directory (tenant) id or domain.
    public var tenant: String
    /// The application (client) id.
    public var clientID: String
    /// The client secret.
    public var clientSecret: String
    /// The requested scope.
    public var scope: String

    /// Creates credentials; throws `.invalidCredential` naming the empty field.
    public init(
        tenant: String, clientID: String, clientSecret: String, authorityHost: String = defaultAuthorityHost,
        scope: String = storageScope
    ) throws(SigningError) {
        for (value, field) in [
            (tenant, "tenant"), (clientID, "servicePrincipalId"), (clientSecret, "servicePrincipalKey"),
        ]
        where value.isEmpty {
            throw SigningError(.invalidCredential, "the \(field) is empty", field: field)
        }
        guard authorityHost.hasPrefix("https://") || authorityHost.hasPrefix("http://") else {
            throw SigningError(.invalidCredential, "the authority host must be an http(s) URL", field: "authorityHost")
        }
        self.authorityHost = authorityHost.hasSuffix("/") ? String(authorityHost.dropLast()) : authorityHost
        self.tenant = tenant
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scope = scope
    }

    /// `<authority>/<tenant>/oauth2/v2.0/token`.
    public var tokenURL: String {
        "\(authorityHost)/\(PercentEncoding.encode(tenant))/oauth2/v2.0/token"
    }

    /// The client-credentials token request (`grant_type=client_credentials`, client id and secret, scope).
    public func tokenRequest() -> OAuthTokenRequest {
        OAuthTokenRequest(
            url: tokenURL,
            form: [
                ("grant_type", "client_credentials"), ("client_id", clientID), ("client_secret", clientSecret),
                ("scope", scope),
            ])
    }

    public var description: String {
        "OAuthClientCredentials(authorityHost: \(authorityHost), tenant: \(tenant), clientID: \(clientID), "
            + "clientSecret: <redacted>, scope: \(scope))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self, children: ["authorityHost": authorityHost, "tenant": tenant, "clientID": clientID],
            displayStyle: .struct)
    }
}
