public import Foundation

extension AzureSASToken {
    /// What a verified token allows on the resource it was checked against.
    public struct Grant: Sendable, Hashable {
        /// The token's permissions.
        public var permissions: AzureSASPermissions
        /// When the token stops being valid.
        public var expiry: Date
    }

    /// Verifies that this token, signed with `credential`'s key, allows `required` on `container` (and `blob`,
    /// when the request is about one blob) at `now`. Checks, in order: version, signature, validity window
    /// (`st` <= now + `clockSkew`, now < `se`), resource scope, protocol and permissions. Throws
    /// `.unsupportedVersion`, `.signatureMismatch`, `.tokenExpired` or `.permissionDenied`.
    public func verify(
        credential: AzureSharedKeyCredential, container: String, blob: String?, required: AzureSASPermissions,
        now: Date, overHTTPS: Bool = true, clockSkew: TimeInterval = 0
    ) throws(SigningError) -> Grant {
        guard version >= Self.minimumVersion else {
            throw SigningError(
                .unsupportedVersion, "SAS version \(version) is older than \(Self.minimumVersion)", field: "sv")
        }
        let scopedBlob = resource == .blob ? blob : nil
        if resource == .blob && blob == nil {
            throw SigningError(.permissionDenied, "a blob SAS does not allow container operations", field: "sr")
        }
        let canonical = Self.canonicalResource(account: credential.accountName, container: container, blob: scopedBlob)
        let expected = credential.signature(Self.stringToSign(fields: fields, canonicalResource: canonical))
        guard ConstantTimeComparison.equal(expected, fields["sig"] ?? "") else {
            throw SigningError(
                .signatureMismatch, "the SAS signature does not match this account key and resource", field: "sig")
        }
        guard let expiryTime = UTCTimestamp.parseISO8601(expiry)?.date, now < expiryTime.addingTimeInterval(clockSkew)
        else {
            throw SigningError(.tokenExpired, "the SAS expired at \(expiry)", field: "se")
        }
        if let start, let startTime = UTCTimestamp.parseISO8601(start)?.date,
            now.addingTimeInterval(clockSkew) < startTime
        {
            throw SigningError(.tokenExpired, "the SAS is not valid before \(start)", field: "st")
        }
        if fields["spr"] == "https" && !overHTTPS {
            throw SigningError(.permissionDenied, "the SAS allows HTTPS only", field: "spr")
        }
        if fields["sip"] != nil {
            throw SigningError(.permissionDenied, "IP-restricted SAS tokens are not accepted here", field: "sip")
        }
        guard permissions.isSuperset(of: required) else {
            let missing = required.subtracting(permissions)
            throw SigningError(.permissionDenied, "the SAS lacks permission '\(missing.sp)'", field: "sp")
        }
        return Grant(permissions: permissions, expiry: expiryTime)
    }
}
