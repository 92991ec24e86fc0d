import Crypto
import Foundation
import Signing

/// Decides whether a landing-zone request may run: a SharedKey `Authorization` header for the admin-configured
/// account, a service SAS (`sig=` in the query) that Outflow issued with that key, or a bearer token that is an
/// HS256 JWT signed with the account key (what the local OAuth test endpoint issues). Pure: the clock is a
/// parameter; errors never echo a signature.
struct LandingZoneAuthorizer: Sendable {
    let account: LandingZoneAccount

    func authorize(
        _ request: LandingZoneRequest, _ operation: LandingZoneOperation, now: Date
    ) throws(LandingZoneError) {
        if let authorization = request.header("Authorization") {
            if authorization.hasPrefix("SharedKey ") {
                return try checkSharedKey(request, authorization: authorization)
            }
            if authorization.hasPrefix("Bearer ") {
                return try checkBearer(String(authorization.dropFirst(7)), now: now)
            }
            throw .authenticationFailed("Only SharedKey, Bearer and SAS authorization are supported.")
        }
        guard request.query("sig") != nil else { throw .noAuthentication() }
        try checkSAS(request, operation, now: now)
    }

    private func checkSharedKey(_ request: LandingZoneRequest, authorization: String) throws(LandingZoneError) {
        let signer = AzureSharedKeySigner(credential: account.credential)
        // Path-style emulator clients sign `/<account>/<account>/...`; others sign without the account segment.
        // Each is tried re-encoded and exactly as sent (Go's SDK, so rclone, signs the path as sent: `=` unescaped).
        var paths = [(decoded: request.signedPath, raw: request.rawPath)]
        let accountPrefix = "/" + account.name
        if request.signedPath.hasPrefix(accountPrefix + "/"), request.rawPath.hasPrefix(accountPrefix + "/") {
            paths.append(
                (
                    String(request.signedPath.dropFirst(accountPrefix.count)),
                    String(request.rawPath.dropFirst(accountPrefix.count))
                ))
        }
        for path in paths {
            let signable = SignableRequest(
                method: request.method, host: "", path: path.decoded, query: request.query, headers: request.headers)
            if ConstantTimeComparison.equal(signer.authorization(for: signable), authorization) { return }
            if path.raw != signable.encodedPath,
                let asSent = rawPathAuthorization(signer: signer, signable: signable, rawPath: path.raw),
                ConstantTimeComparison.equal(asSent, authorization)
            {
                return
            }
        }
        throw .authenticationFailed(
            "The MAC signature found in the HTTP request is not the same as any computed signature.")
    }

    private func checkSAS(
        _ request: LandingZoneRequest, _ operation: LandingZoneOperation, now: Date
    ) throws(LandingZoneError) {
        guard let container = request.container else {
            throw .resourceMismatch("A container SAS cannot address the account.")
        }
        if case .createContainer = operation { throw .authenticationFailed("A SAS cannot create containers.") }
        if case .deleteContainer = operation { throw .authenticationFailed("A SAS cannot delete containers.") }
        do throws(SigningError) {
            let token = try AzureSASToken(items: request.query)
            var required = operation.requiredPermissions
            var blob = request.blob
            if case .rename(let sourceContainer, let sourcePath) = operation {
                _ = try token.verify(
                    credential: account.credential, container: sourceContainer, blob: sourcePath,
                    required: .move, now: now, overHTTPS: false)
                required = .move
            }
            if case .copyBlob(let sourceContainer, let sourceBlob, let sourceQuery) = operation {
                // The source needs read access: its own SAS when it carries one, else the request's.
                let sourceToken =
                    sourceQuery.contains { $0.name == "sig" } ? try AzureSASToken(items: sourceQuery) : token
                _ = try sourceToken.verify(
                    credential: account.credential, container: sourceContainer, blob: sourceBlob, required: .read,
                    now: now, overHTTPS: false)
            }
            if blob == nil, token.resource == .blob { blob = "" }
            _ = try token.verify(
                credential: account.credential, container: container, blob: blob?.isEmpty == true ? nil : blob,
                required: required, now: now, overHTTPS: false)
        } catch {
            switch error.code {
            case .permissionDenied where error.field == "sr":
                throw .resourceMismatch(error.message)
            case .permissionDenied:
                throw .permissionMismatch(error.message)
            case .tokenExpired:
                throw .authenticationFailed("Signature not valid in the specified time frame: \(error.message).")
            default:
                throw .authenticationFailed("Signature did not match or the SAS is malformed: \(error.message).")
            }
        }
    }

    /// Accepts `header.payload.signature` with HS256 under the account key and an `exp` in the future.
    private func checkBearer(_ token: String, now: Date) throws(LandingZoneError) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let signature = Self.base64URLDecode(parts[2]),
            let payload = Self.base64URLDecode(parts[1])
        else { throw .authenticationFailed("The bearer token is not a JWT.") }
        let mac = HMAC<Crypto.SHA256>.authenticationCode(
            for: Array((parts[0] + "." + parts[1]).utf8), using: SymmetricKey(data: account.keyBytes))
        guard ConstantTimeComparison.equal(Array(mac), signature) else {
            throw .authenticationFailed("The bearer token signature is not valid for this account.")
        }
        struct Claims: Decodable { var exp: Double }
        guard let exp = (try? JSONDecoder().decode(Claims.self, from: Data(payload)))?.exp,
            now.timeIntervalSince1970 < exp
        else {
            throw .authenticationFailed("The bearer token is expired.")
        }
    }

    static func base64URLDecode(_ text: Substring) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map(Array.init)
    }
}
