import Foundation

/// Where S3 requests go: scheme, host, optional port, and whether the bucket goes in the path
/// (`http://127.0.0.1:8333/bucket/key`) or in the host name (`https://bucket.s3.eu-west-1.amazonaws.com/key`).
public struct S3Endpoint: Sendable, Hashable {
    /// `http` or `https`.
    public var scheme: String
    /// The host name or address, without the bucket.
    public var host: String
    /// The port, when not the scheme's default.
    public var port: Int?
    /// Path-style addressing (`/bucket/key`) instead of virtual-host style (`bucket.host`).
    public var pathStyle: Bool

    /// AWS's regional endpoint, virtual-host style.
    public static func aws(region: String) -> S3Endpoint {
        S3Endpoint(scheme: "https", host: "s3.\(region).amazonaws.com", port: nil, pathStyle: false)
    }

    /// Creates an endpoint from its parts.
    public init(scheme: String, host: String, port: Int?, pathStyle: Bool) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.pathStyle = pathStyle
    }

    /// Parses `http(s)://host[:port][/]`; a URL without a scheme is taken as `https`. Throws `.invalid` naming
    /// `params.endpoint` for anything else (a path, a query, credentials in the URL, a bad port).
    public init(url: String, pathStyle: Bool) throws(DestinationError) {
        var rest = Substring(url.trimmingCharacters(in: .whitespaces))
        var scheme = "https"
        if let range = rest.range(of: "://") {
            scheme = rest[..<range.lowerBound].lowercased()
            rest = rest[range.upperBound...]
        }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        guard scheme == "http" || scheme == "https", !rest.isEmpty, !rest.contains("/"), !rest.contains("?"),
            !rest.contains("@")
        else {
            throw DestinationError(.invalid, "the endpoint must look like https://host[:port] (params.endpoint)")
        }
        var host = String(rest)
        var port: Int?
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            guard let number = Int(rest[rest.index(after: colon)...]), (1...65_535).contains(number) else {
                throw DestinationError(.invalid, "the endpoint port is not a number in 1...65535 (params.endpoint)")
            }
            host = String(rest[..<colon])
            port = number
        }
        self.init(scheme: scheme, host: host, port: port, pathStyle: pathStyle)
    }

    /// The `Host` header for `bucket` (the bucket is a host label only in virtual-host style).
    public func hostHeader(bucket: String) -> String {
        let name = pathStyle ? host : "\(bucket).\(host)"
        guard let port else { return name }
        let isDefault = (scheme == "https" && port == 443) || (scheme == "http" && port == 80)
        return isDefault ? name : "\(name):\(port)"
    }

    /// The decoded request path of `key` in `bucket` (`/bucket/key` or `/key`; `key` empty for the bucket).
    public func path(bucket: String, key: String) -> String {
        pathStyle ? (key.isEmpty ? "/\(bucket)" : "/\(bucket)/\(key)") : "/\(key)"
    }
}
