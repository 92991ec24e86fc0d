public import Foundation

/// A bearer access token from an OAuth 2.0 token endpoint (Google or Microsoft Entra ID), with its expiry
/// computed from `expires_in` and the time the response arrived. The `description` hides the token.
public struct OAuthAccessToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The token to send as `Authorization: Bearer <value>`.
    public var value: String
    /// `token_type` (`Bearer`).
    public var tokenType: String
    /// When the token stops being valid.
    public var expiresAt: Date

    /// Creates a token value.
    public init(value: String, tokenType: String = "Bearer", expiresAt: Date) {
        self.value = value
        self.tokenType = tokenType
        self.expiresAt = expiresAt
    }

    /// `Bearer <token>`.
    public var authorizationHeader: String { "Bearer \(value)" }

    /// True when the token expires within `margin` seconds of `now` (refresh early rather than fail a request).
    public func needsRefresh(at now: Date, margin: TimeInterval = 300) -> Bool {
        now.addingTimeInterval(margin) >= expiresAt
    }

    private struct Response: Decodable {
        var access_token: String?
        var token_type: String?
        var expires_in: ExpiresIn?
        var error: String?
    }

    /// `expires_in` is a number in RFC 6749 but a string in some Microsoft responses.
    private struct ExpiresIn: Decodable {
        var seconds: Int?
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                seconds = number
            } else {
                seconds = Int(try container.decode(String.self))
            }
        }
    }

    /// Parses a token endpoint's JSON response received at `receivedAt`. An OAuth error response becomes
    /// `.tokenRejected` carrying the `error` code only (never the body); anything else unusable is
    /// `.malformedTokenResponse`.
    public static func parse(_ body: some Sequence<UInt8>, receivedAt: Date) throws(SigningError) -> OAuthAccessToken {
        let response: Response
        do {
            response = try JSONDecoder().decode(Response.self, from: Data(body))
        } catch {
            throw SigningError(.malformedTokenResponse, "the token endpoint did not answer with a JSON object")
        }
        if let error = response.error {
            let code = String(error.prefix(64).filter { $0.isLetter || $0.isNumber || $0 == "_" })
            throw SigningError(.tokenRejected, "the token endpoint refused the credentials: \(code)", field: "error")
        }
        guard let token = response.access_token, !token.isEmpty else {
            throw SigningError(.malformedTokenResponse, "the response has no access_token", field: "access_token")
        }
        guard let seconds = response.expires_in?.seconds, seconds > 0 else {
            throw SigningError(.malformedTokenResponse, "the response has no positive expires_in", field: "expires_in")
        }
        return OAuthAccessToken(
            value: token, tokenType: response.token_type ?? "Bearer",
            expiresAt: receivedAt.addingTimeInterval(TimeInterval(seconds)))
    }

    public var description: String { "OAuthAccessToken(\(tokenType), value: <redacted>, expiresAt: \(expiresAt))" }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["tokenType": tokenType, "expiresAt": expiresAt], displayStyle: .struct)
    }
}
