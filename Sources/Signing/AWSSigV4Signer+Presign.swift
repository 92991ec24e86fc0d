public import Foundation

extension AWSSigV4Signer {
    /// The longest validity S3 accepts for a presigned URL (7 days).
    public static let maximumPresignedExpiry = 604_800

    /// A presigned URL (query-string authentication) for `request`, valid `expires` seconds from `date`.
    /// Only `host` and the request's own headers are signed; the payload is `UNSIGNED-PAYLOAD` for S3.
    /// Throws `.invalidRequest` when `expires` is outside 1...604800.
    public func presignedURL(
        for request: SignableRequest, scheme: String = "https", expires: Int, date: Date
    ) throws(SigningError) -> String {
        guard (1...Self.maximumPresignedExpiry).contains(expires) else {
            throw SigningError(
                .invalidRequest, "expiry must be 1...604800 seconds, got \(expires)", field: "X-Amz-Expires")
        }
        let timestamp = UTCTimestamp(date)
        var presigned = request
        presigned.addHeaderIfAbsent("host", request.host)
        let signedHeaders = Set(presigned.headers.map { $0.name.lowercased() }).sorted().joined(separator: ";")
        presigned.query += [
            .init("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            .init("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope(timestamp))"),
            .init("X-Amz-Date", timestamp.basicISO8601),
            .init("X-Amz-Expires", String(expires)),
        ]
        if let token = credentials.sessionToken { presigned.query.append(.init("X-Amz-Security-Token", token)) }
        presigned.query.append(.init("X-Amz-SignedHeaders", signedHeaders))
        let payloadHash = service == "s3" ? Self.unsignedPayload : Self.emptyPayloadHash
        let canonical = canonicalRequest(presigned, payloadHash: payloadHash)
        let signature = signature(stringToSign: stringToSign(canonicalRequest: canonical.text, date: date), date: date)
        presigned.query.append(.init("X-Amz-Signature", signature))
        return "\(scheme)://\(request.host)\(presigned.target)"
    }
}
