public import Signing

/// How a `GCSDestination` authenticates. Descriptions never show secrets.
public enum GCSCredentials: Sendable, CustomStringConvertible {
    /// No credentials: only for emulators reached through an explicit endpoint (JSON API).
    case anonymous
    /// A service-account key: RS256 JWT exchanged for a bearer token at `tokenURI` (JSON API).
    case serviceAccount(GoogleServiceAccountKey, tokenURI: String)
    /// HMAC keys for the XML interop API, signed with AWS SigV4 (`AWS4-HMAC-SHA256`, region `auto`).
    case hmac(AWSCredentials)

    public var description: String {
        switch self {
        case .anonymous: return "anonymous"
        case .serviceAccount(let key, let tokenURI): return "serviceAccount(\(key.clientEmail), tokenURI: \(tokenURI))"
        case .hmac(let credentials): return "hmac(\(credentials.accessKeyID), secret: <redacted>)"
        }
    }
}
