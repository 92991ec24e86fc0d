import Foundation
import Signing

/// Decides whether a landing-zone request may run: a SharedKey `Authorization` header for the admin-configured
/// account (dated within 15 minutes, signed over the path exactly as sent), a service SAS (`sig=` in the query)
/// that Outflow issued with that key, or, only when `bearerKey` is configured, a scoped HS256 bearer token
/// (`+Bearer`). Pure: the clock is a parameter; errors never echo a signature.
struct LandingZoneAuthorizer: Sendable {
    let account: LandingZoneAccount
    /// The key of bearer tokens (`OUTFLOW_DLZ_BEARER_KEY`); nil refuses every bearer token.
    var bearerKey: LandingZoneBearerKey?
    /// The request arrived over TLS (the server serves HTTPS only); a SAS with `spr=https` needs it.
    var https = false

    func authorize(
        _ request: LandingZoneRequest, _ operation: LandingZoneOperation, now: Date
    ) throws(LandingZoneError) {
        if let authorization = request.header("Authorization") {
            if authorization.hasPrefix("SharedKey ") {
                return try checkSharedKey(request, authorization: authorization, now: now)
            }
            if authorization.hasPrefix("Bearer ") {
                return try checkBearer(String(authorization.dropFirst(7)), request, operation, now: now)
            }
            throw .authenticationFailed("Only SharedKey, Bearer and SAS authorization are supported.")
        }
        guard request.query("sig") != nil else { throw .noAuthentication() }
        try checkSAS(request, operation, now: now)
    }

    /// Azure's one form: the canonicalized resource is `/<account>` followed by the request path exactly as sent
    /// (for Outflow's path-style URLs `/<account>/<account>/<container>/...`), percent escapes as the client wrote
    /// them. A signature over any other spelling of the path (decoded and re-encoded, without the account
    /// segment) is refused.
    private func checkSharedKey(
        _ request: LandingZoneRequest, authorization: String, now: Date
    ) throws(LandingZoneError) {
        try Self.checkFreshness(request, now: now)
        let signer = AzureSharedKeySigner(credential: account.credential)
        let signable = SignableRequest(
            method: request.method, host: "", path: request.signedPath, query: request.query, headers: request.headers)
        guard let expected = rawPathAuthorization(signer: signer, signable: signable, rawPath: request.rawPath),
            ConstantTimeComparison.equal(expected, authorization)
        else {
            throw .authenticationFailed(
                "The MAC signature found in the HTTP request is not the same as any computed signature.")
        }
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
                    required: .move, now: now, overHTTPS: https)
                required = .move
            }
            if case .copyBlob(let sourceContainer, let sourceBlob, let sourceQuery) = operation {
                // The source needs read access: its own SAS when it carries one, else the request's.
                let sourceToken =
                    sourceQuery.contains { $0.name == "sig" } ? try AzureSASToken(items: sourceQuery) : token
                _ = try sourceToken.verify(
                    credential: account.credential, container: sourceContainer, blob: sourceBlob, required: .read,
                    now: now, overHTTPS: https)
            }
            if blob == nil, token.resource == .blob { blob = "" }
            _ = try token.verify(
                credential: account.credential, container: container, blob: blob?.isEmpty == true ? nil : blob,
                required: required, now: now, overHTTPS: https)
        } catch {
            switch error.code {
            case .permissionDenied where error.field == "sr":
                throw .resourceMismatch(error.message)
            case .permissionDenied where error.field == "spr":
                throw .protocolMismatch(error.message)
            case .permissionDenied:
                throw .permissionMismatch(error.message)
            case .tokenExpired:
                throw .authenticationFailed("Signature not valid in the specified time frame: \(error.message).")
            default:
                throw .authenticationFailed("Signature did not match or the SAS is malformed: \(error.message).")
            }
        }
    }
}
