import Crypto
import Foundation
import Signing

/// Bearer tokens, accepted only when `OUTFLOW_DLZ_BEARER_KEY` is set (they stand in for Entra ID tokens from a
/// local OAuth endpoint in tests): an HS256 JWT under that key (never the account key) with `aud`
/// `https://storage.azure.com`, an `exp` at most 24 hours ahead, `nbf` (if any) passed, and a scope: the containers
/// (`dlz_containers`) and SAS-style permission letters (`dlz_permissions`) it grants. Account-level operations
/// and creating or deleting containers are never allowed to a bearer token.
extension LandingZoneAuthorizer {
    static let bearerAudiences: Set<String> = ["https://storage.azure.com", "https://storage.azure.com/"]
    /// The longest remaining lifetime a bearer token may have (Entra ID issues 60-90 minute tokens).
    static let maxBearerLifetime: TimeInterval = 24 * 3600

    private struct BearerHeader: Decodable { var alg: String }

    private struct BearerClaims: Decodable {
        var aud: String?
        var exp: Double?
        var nbf: Double?
        var dlz_containers: [String]?
        var dlz_permissions: String?
    }

    func checkBearer(
        _ token: String, _ request: LandingZoneRequest, _ operation: LandingZoneOperation, now: Date
    ) throws(LandingZoneError) {
        guard let key = bearerKey, key.bytes != account.keyBytes else {
            throw .authenticationFailed("Bearer tokens are not accepted here (OUTFLOW_DLZ_BEARER_KEY is not set).")
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let header = Self.base64URLDecode(parts[0]),
            let payload = Self.base64URLDecode(parts[1]), let signature = Self.base64URLDecode(parts[2])
        else { throw .authenticationFailed("The bearer token is not a JWT.") }
        guard (try? JSONDecoder().decode(BearerHeader.self, from: Data(header)))?.alg == "HS256" else {
            throw .authenticationFailed("The bearer token must be signed with HS256.")
        }
        let mac = HMAC<Crypto.SHA256>.authenticationCode(
            for: Array((parts[0] + "." + parts[1]).utf8), using: SymmetricKey(data: key.bytes))
        guard ConstantTimeComparison.equal(Array(mac), signature) else {
            throw .authenticationFailed("The bearer token signature is not valid.")
        }
        guard let claims = try? JSONDecoder().decode(BearerClaims.self, from: Data(payload)) else {
            throw .authenticationFailed("The bearer token's claims are malformed.")
        }
        guard let audience = claims.aud, Self.bearerAudiences.contains(audience) else {
            throw .authenticationFailed("The bearer token's audience is not https://storage.azure.com.")
        }
        let seconds = now.timeIntervalSince1970
        guard let expiry = claims.exp, seconds < expiry else {
            throw .authenticationFailed("The bearer token is expired or has no exp claim.")
        }
        guard expiry - seconds <= Self.maxBearerLifetime else {
            throw .authenticationFailed("The bearer token is valid for more than 24 hours.")
        }
        if let notBefore = claims.nbf, seconds < notBefore {
            throw .authenticationFailed("The bearer token is not valid yet.")
        }
        guard let containers = claims.dlz_containers, !containers.isEmpty, let letters = claims.dlz_permissions,
            let granted = AzureSASPermissions(sp: letters)
        else {
            throw .authenticationFailed("The bearer token names no scope (dlz_containers and dlz_permissions).")
        }
        try Self.checkBearerScope(request, operation, containers: Set(containers), granted: granted)
    }

    /// The containers the operation touches must all be in `containers` and its permissions in `granted`.
    static func checkBearerScope(
        _ request: LandingZoneRequest, _ operation: LandingZoneOperation, containers: Set<String>,
        granted: AzureSASPermissions
    ) throws(LandingZoneError) {
        guard let container = request.container else {
            throw .resourceMismatch("A bearer token cannot address the account.")
        }
        var touched = [container]
        var required = operation.requiredPermissions
        switch operation {
        case .createContainer, .deleteContainer:
            throw .permissionMismatch("A bearer token cannot create or delete containers.")
        case .rename(let sourceContainer, _):
            touched.append(sourceContainer)
        case .copyBlob(let sourceContainer, _, _):
            touched.append(sourceContainer)
            required.insert(.read)
        default:
            break
        }
        guard touched.allSatisfy(containers.contains) else {
            throw .resourceMismatch("The bearer token does not grant access to this container.")
        }
        guard granted.isSuperset(of: required) else {
            throw .permissionMismatch("The bearer token lacks the '\(required.subtracting(granted).sp)' permission.")
        }
    }

    static func base64URLDecode(_ text: Substring) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map(Array.init)
    }
}

/// The HS256 key bearer tokens must be signed with (`OUTFLOW_DLZ_BEARER_KEY`: base64 of at least 32 bytes, and
/// not the account key). The `description` never shows it.
package struct LandingZoneBearerKey: Sendable, CustomStringConvertible {
    let bytes: [UInt8]

    /// Nil when `base64` is not base64 of at least 32 bytes.
    package init?(base64: String) {
        guard let data = Data(base64Encoded: base64), data.count >= 32 else { return nil }
        bytes = Array(data)
    }

    /// True when this key is `account`'s key (refused at start-up: the bearer key must be a separate secret).
    package func isKey(of account: LandingZoneAccount) -> Bool { bytes == account.keyBytes }

    package var description: String { "LandingZoneBearerKey(<redacted>)" }
}
