import Crypto
public import Foundation

/// AWS Signature Version 4 (`AWS4-HMAC-SHA256`) as S3 expects it: a pure value that takes the signing date as
/// a parameter, so the same inputs always give the same signature (testable against AWS's published examples).
///
/// Paths are signed as S3 wants them: each segment encoded once (never double-encoded), empty segments kept.
public struct AWSSigV4Signer: Sendable, CustomStringConvertible {
    /// The `x-amz-content-sha256` value for a body that is not hashed.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// SHA-256 of the empty body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The credentials that sign.
    public var credentials: AWSCredentials
    /// The region of the credential scope (`us-east-1`).
    public var region: String
    /// The service of the credential scope (`s3`, `sts`).
    public var service: String

    /// Creates a signer for one region and service.
    public init(credentials: AWSCredentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    public var description: String { "AWSSigV4Signer(\(credentials), region: \(region), service: \(service))" }

    /// Hex SHA-256 of a body, for `x-amz-content-sha256` / `payloadHash`.
    public static func payloadHash(_ body: some Sequence<UInt8>) -> String {
        SHA256.hash(data: Array(body)).lowercaseHex
    }

    /// Returns `request` with `host`, `x-amz-date`, `x-amz-content-sha256` (S3 only), `x-amz-security-token`
    /// (temporary credentials) and `Authorization` added. Headers already present are kept and signed, except an
    /// earlier `Authorization` and `x-amz-date`, which are replaced (so a retry can simply sign again).
    public func sign(_ request: SignableRequest, payloadHash: String, date: Date) -> SignableRequest {
        let timestamp = UTCTimestamp(date)
        var signed = request
        signed.headers.removeAll { ["authorization", "x-amz-date"].contains($0.name.lowercased()) }
        signed.addHeaderIfAbsent("host", request.host)
        signed.headers.append(SignableRequest.Field("x-amz-date", timestamp.basicISO8601))
        if service == "s3" { signed.addHeaderIfAbsent("x-amz-content-sha256", payloadHash) }
        if let token = credentials.sessionToken { signed.addHeaderIfAbsent("x-amz-security-token", token) }
        let canonical = canonicalRequest(signed, payloadHash: payloadHash)
        let signature = signature(stringToSign: stringToSign(canonicalRequest: canonical.text, date: date), date: date)
        signed.headers.append(
            SignableRequest.Field(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(timestamp)),"
                    + "SignedHeaders=\(canonical.signedHeaders),Signature=\(signature)"))
        return signed
    }

    /// The canonical request (text and the `;`-joined signed header names) for a request whose headers are
    /// final: every header is signed, names lower-cased and sorted, values trimmed with inner runs of spaces
    /// collapsed, repeated headers comma-joined.
    public func canonicalRequest(_ request: SignableRequest, payloadHash: String) -> (
        text: String, signedHeaders: String
    ) {
        var merged: [String: [String]] = [:]
        for field in request.headers {
            merged[field.name.lowercased(), default: []].append(Self.normalizedHeaderValue(field.value))
        }
        let names = merged.keys.sorted()
        let headerLines = names.map { "\($0):\(merged[$0, default: []].joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let text = [
            request.method.uppercased(), request.encodedPath, Self.canonicalQuery(request.query), headerLines,
            signedHeaders, payloadHash,
        ].joined(separator: "\n")
        return (text, signedHeaders)
    }

    /// `AWS4-HMAC-SHA256\n<date>\n<scope>\n<hex sha256 of the canonical request>`.
    public func stringToSign(canonicalRequest: String, date: Date) -> String {
        let timestamp = UTCTimestamp(date)
        let hash = SHA256.hash(data: Array(canonicalRequest.utf8)).lowercaseHex
        return "AWS4-HMAC-SHA256\n\(timestamp.basicISO8601)\n\(scope(timestamp))\n\(hash)"
    }

    /// Hex HMAC-SHA256 of the string to sign under the derived signing key for the date's day.
    public func signature(stringToSign: String, date: Date) -> String {
        let key = signingKey(day: UTCTimestamp(date).basicDate)
        return HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key).lowercaseHex
    }

    /// `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request")`.
    func signingKey(day: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array(("AWS4" + credentials.secretAccessKey).utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    /// `20130524/us-east-1/s3/aws4_request`.
    func scope(_ timestamp: UTCTimestamp) -> String {
        "\(timestamp.basicDate)/\(region)/\(service)/aws4_request"
    }

    /// Query items encoded (RFC 3986) and sorted by encoded name, then value.
    static func canonicalQuery(_ query: [SignableRequest.Field]) -> String {
        let encoded: [(name: String, value: String)] = query.map {
            (PercentEncoding.encode($0.name), PercentEncoding.encode($0.value))
        }
        let sorted = encoded.sorted { lhs, rhs in lhs.name == rhs.name ? lhs.value < rhs.value : lhs.name < rhs.name }
        return sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    static func normalizedHeaderValue(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
