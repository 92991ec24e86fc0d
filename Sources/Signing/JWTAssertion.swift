public import Foundation
public import _CryptoExtras

/// The claims of an OAuth 2.0 JWT-bearer assertion (RFC 7523) as Google's token endpoint expects them, and its
/// RS256 signing (RSASSA-PKCS1-v1_5 with SHA-256). Pure: the issue time is a parameter.
public struct JWTAssertion: Sendable, Hashable {
    /// `iss`: the service account e-mail.
    public var issuer: String
    /// `scope`: space-separated scopes.
    public var scope: String
    /// `aud`: the token endpoint.
    public var audience: String
    /// `iat`, in whole seconds.
    public var issuedAt: Int
    /// `exp`, in whole seconds.
    public var expiresAt: Int
    /// `kid` header, if known.
    public var keyID: String?

    /// Creates claims valid from `issuedAt` for `lifetime` seconds; throws `.invalidRequest` unless 1...3600.
    public init(
        issuer: String, scope: String, audience: String, issuedAt: Date, lifetime: Int = 3600, keyID: String? = nil
    ) throws(SigningError) {
        guard (1...3600).contains(lifetime) else {
            throw SigningError(.invalidRequest, "an assertion lives 1...3600 seconds, got \(lifetime)", field: "exp")
        }
        self.issuer = issuer
        self.scope = scope
        self.audience = audience
        self.issuedAt = Int(issuedAt.timeIntervalSince1970.rounded(.down))
        self.expiresAt = self.issuedAt + lifetime
        self.keyID = keyID
    }

    private struct Header: Encodable {
        var alg = "RS256"
        var typ = "JWT"
        var kid: String?
    }

    private struct Claims: Encodable {
        var iss: String
        var scope: String
        var aud: String
        var iat: Int
        var exp: Int
    }

    /// `base64url(header).base64url(claims)`: the bytes the signature covers.
    public func signingInput() throws(SigningError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            let header = try encoder.encode(Header(kid: keyID))
            let claims = try encoder.encode(
                Claims(iss: issuer, scope: scope, aud: audience, iat: issuedAt, exp: expiresAt))
            return Self.base64URL(header) + "." + Self.base64URL(claims)
        } catch {
            throw SigningError(.invalidRequest, "the assertion claims cannot be encoded")
        }
    }

    /// The compact JWT `header.claims.signature`, signed RS256 with `key`.
    public func signed(with key: _RSA.Signing.PrivateKey) throws(SigningError) -> String {
        let input = try signingInput()
        do {
            let signature = try key.signature(for: Data(input.utf8), padding: .insecurePKCS1v1_5)
            return input + "." + Self.base64URL(signature.rawRepresentation)
        } catch {
            throw SigningError(.cryptography, "RS256 signing failed", field: "private_key")
        }
    }

    /// Base64url without padding (RFC 7515 section 2).
    static func base64URL(_ data: Data) -> String {
        var text = data.base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// Decodes base64url with or without padding; nil when malformed.
    static func decodeBase64URL(_ text: some StringProtocol) -> Data? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard)
    }
}
