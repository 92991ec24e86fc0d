/// The error type of the signing and credential cores: a stable code, a message and, where it applies, the
/// field the error is about. Messages never contain secrets (keys, signatures, tokens, passwords).
public struct SigningError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable error codes (the raw values are what the HTTP API reports).
    public enum Code: String, Sendable, Hashable, Codable {
        /// A credential (key, secret, PEM) is missing or malformed.
        case invalidCredential = "SIGNING_INVALID_CREDENTIAL"
        /// A request or parameter cannot be signed as given (bad path, bad header, bad expiry).
        case invalidRequest = "SIGNING_INVALID_REQUEST"
        /// A connection string or key file cannot be parsed.
        case malformedConfiguration = "SIGNING_MALFORMED_CONFIGURATION"
        /// A SAS token is missing a field or has a field with a bad value.
        case malformedToken = "SIGNING_MALFORMED_TOKEN"
        /// A SAS token's signature does not match.
        case signatureMismatch = "SIGNING_SIGNATURE_MISMATCH"
        /// A SAS token is outside its validity window (expired or not yet valid).
        case tokenExpired = "SIGNING_TOKEN_EXPIRED"
        /// A SAS token does not grant the permission or resource asked for.
        case permissionDenied = "SIGNING_PERMISSION_DENIED"
        /// A SAS token uses a version or resource kind this implementation does not verify.
        case unsupportedVersion = "SIGNING_UNSUPPORTED_VERSION"
        /// A token endpoint's response is not a usable token response.
        case malformedTokenResponse = "SIGNING_MALFORMED_TOKEN_RESPONSE"
        /// A token endpoint refused the credentials (`error` field of an OAuth error response).
        case tokenRejected = "SIGNING_TOKEN_REJECTED"
        /// The cryptographic library refused an operation (key size, PEM type).
        case cryptography = "SIGNING_CRYPTOGRAPHY"
    }

    /// The stable code.
    public var code: Code
    /// A message for people; never contains secrets.
    public var message: String
    /// The field or parameter the error is about (`AccountKey`, `se`, `private_key`), if any.
    public var field: String?

    /// Creates an error; callers must keep secrets out of `message`.
    public init(_ code: Code, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String {
        var parts = ["[\(code.rawValue)]"]
        if let field { parts.append("(\(field))") }
        parts.append(message)
        return parts.joined(separator: " ")
    }
}
