public import Foundation
import _CryptoExtras

/// A Google Cloud service-account key file (`type: service_account`): the identity, its RSA private key and the
/// token endpoint. The `description` shows the e-mail and key id only.
public struct GoogleServiceAccountKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// Google's token endpoint, used when the file has no `token_uri`.
    public static let defaultTokenURI = "https://oauth2.googleapis.com/token"

    /// `client_email`: the service account (`name@project.iam.gserviceaccount.com`).
    public var clientEmail: String
    /// `private_key_id`, sent as the JWT `kid`, if present.
    public var privateKeyID: String?
    /// `token_uri` (or an override such as a local test endpoint).
    public var tokenURI: String
    /// `project_id`, if present.
    public var projectID: String?
    /// The RSA key parsed from `private_key` (PKCS#8 or PKCS#1 PEM).
    let privateKey: _RSA.Signing.PrivateKey

    private struct File: Decodable {
        var type: String?
        var client_email: String?
        var private_key: String?
        var private_key_id: String?
        var token_uri: String?
        var project_id: String?
    }

    /// Parses the key file's JSON. Throws `.malformedConfiguration` (naming the field, never echoing the key) when
    /// it is not JSON, not a service-account key, lacks `client_email` / `private_key`, or the PEM is unusable.
    public init(json: some Sequence<UInt8>) throws(SigningError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: Data(json))
        } catch {
            throw SigningError(
                .malformedConfiguration, "the service account key is not a JSON object", field: "serviceAccountKey")
        }
        if let type = file.type, type != "service_account" {
            throw SigningError(
                .malformedConfiguration, "the key type is '\(type.prefix(40))', not service_account", field: "type")
        }
        guard let email = file.client_email, !email.isEmpty else {
            throw SigningError(.malformedConfiguration, "the key has no client_email", field: "client_email")
        }
        guard let pem = file.private_key, !pem.isEmpty else {
            throw SigningError(.malformedConfiguration, "the key has no private_key", field: "private_key")
        }
        do {
            privateKey = try _RSA.Signing.PrivateKey(pemRepresentation: pem)
        } catch {
            throw SigningError(
                .malformedConfiguration, "the private_key is not a usable RSA PEM (2048 bits or more)",
                field: "private_key")
        }
        clientEmail = email
        privateKeyID = file.private_key_id.flatMap { $0.isEmpty ? nil : $0 }
        tokenURI = file.token_uri.flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultTokenURI
        projectID = file.project_id
    }

    /// The JWT-bearer token request (`grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`) for `scope`,
    /// with an assertion issued at `date` and valid for `lifetime` seconds (Google allows at most one hour).
    public func tokenRequest(
        scope: String = "https://www.googleapis.com/auth/devstorage.read_write", date: Date, lifetime: Int = 3600
    ) throws(SigningError) -> OAuthTokenRequest {
        let assertion = try JWTAssertion(
            issuer: clientEmail, scope: scope, audience: tokenURI, issuedAt: date, lifetime: lifetime,
            keyID: privateKeyID
        ).signed(with: privateKey)
        return OAuthTokenRequest(
            url: tokenURI,
            form: [("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", assertion)])
    }

    public var description: String {
        "GoogleServiceAccountKey(clientEmail: \(clientEmail), privateKeyID: \(privateKeyID ?? "-"), "
            + "tokenURI: \(tokenURI), privateKey: <redacted>)"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["clientEmail": clientEmail, "tokenURI": tokenURI], displayStyle: .struct)
    }
}
