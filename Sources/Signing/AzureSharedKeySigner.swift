public import Foundation

/// Azure Storage Shared Key authorization (Blob and Data Lake Storage / DFS services, version 2015-02-21 and
/// later): builds the string to sign and the `Authorization: SharedKey account:signature` header. A pure value;
/// the date is a parameter.
public struct AzureSharedKeySigner: Sendable, CustomStringConvertible {
    /// The `x-ms-version` sent when the request has none.
    public static let defaultVersion = "2021-08-06"

    /// The account and key that sign.
    public var credential: AzureSharedKeyCredential

    /// Creates a signer for one account.
    public init(credential: AzureSharedKeyCredential) {
        self.credential = credential
    }

    public var description: String { "AzureSharedKeySigner(\(credential))" }

    /// Returns `request` with `x-ms-date` (RFC 1123 from `date`), `x-ms-version` (when absent) and
    /// `Authorization` added; an earlier `x-ms-date` and `Authorization` are replaced.
    public func sign(_ request: SignableRequest, date: Date, version: String = defaultVersion) -> SignableRequest {
        var signed = request
        signed.headers.removeAll { ["x-ms-date", "authorization"].contains($0.name.lowercased()) }
        signed.headers.append(.init("x-ms-date", UTCTimestamp(date).rfc1123))
        signed.addHeaderIfAbsent("x-ms-version", version)
        signed.headers.append(.init("Authorization", authorization(for: signed)))
        return signed
    }

    /// `SharedKey <account>:<base64 HMAC-SHA256 of the string to sign>` for a request whose headers are final.
    public func authorization(for request: SignableRequest) -> String {
        "SharedKey \(credential.accountName):\(credential.signature(stringToSign(for: request)))"
    }

    /// The Shared Key string to sign: the verb, eleven standard headers (Content-Length empty when 0, Date empty
    /// when `x-ms-date` is present), the canonicalized `x-ms-` headers and the canonicalized resource.
    public func stringToSign(for request: SignableRequest) -> String {
        let hasMSDate = request.header("x-ms-date") != nil
        var lines = [request.method.uppercased()]
        for name in ["Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date"] {
            var value = request.header(name) ?? ""
            if name == "Content-Length" && value == "0" { value = "" }
            if name == "Date" && hasMSDate { value = "" }
            lines.append(value)
        }
        for name in ["If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range"] {
            lines.append(request.header(name) ?? "")
        }
        return lines.joined(separator: "\n") + "\n" + canonicalizedHeaders(request) + canonicalizedResource(request)
    }

    /// `x-ms-` headers, names lower-cased and sorted, values trimmed, each as `name:value\n`.
    func canonicalizedHeaders(_ request: SignableRequest) -> String {
        var merged: [String: [String]] = [:]
        for field in request.headers where field.name.lowercased().hasPrefix("x-ms-") {
            merged[field.name.lowercased(), default: []].append(AWSSigV4Signer.normalizedHeaderValue(field.value))
        }
        return merged.keys.sorted().map { "\($0):\(merged[$0, default: []].joined(separator: ","))\n" }.joined()
    }

    /// `/<account><encoded path>` then, per query name (lower-cased, sorted), `\nname:v1,v2` with the decoded
    /// values sorted and comma-joined.
    func canonicalizedResource(_ request: SignableRequest) -> String {
        var params: [String: [String]] = [:]
        for item in request.query { params[item.name.lowercased(), default: []].append(item.value) }
        var resource = "/\(credential.accountName)\(request.encodedPath)"
        for name in params.keys.sorted() {
            resource += "\n\(name):\(params[name, default: []].sorted().joined(separator: ","))"
        }
        return resource
    }
}
