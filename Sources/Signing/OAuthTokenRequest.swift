/// An OAuth 2.0 token request ready to send: `POST <url>` with a form body. The `description` shows the URL
/// only, because the body carries a client secret or a signed assertion.
public struct OAuthTokenRequest: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// Always `POST`.
    public var method: String { "POST" }
    /// The token endpoint.
    public var url: String
    /// `Content-Type: application/x-www-form-urlencoded` and `Accept: application/json`.
    public var headers: [SignableRequest.Field] {
        [.init("Content-Type", "application/x-www-form-urlencoded"), .init("Accept", "application/json")]
    }
    /// The form-encoded body.
    public var body: String

    /// Creates a request from the endpoint and the form fields (encoded here, in order).
    public init(url: String, form: [(String, String)]) {
        self.url = url
        self.body = PercentEncoding.formBody(form)
    }

    public var description: String { "OAuthTokenRequest(POST \(url), body: <redacted>)" }

    public var debugDescription: String { description }

    public var customMirror: Mirror { Mirror(self, children: ["url": url], displayStyle: .struct) }
}
