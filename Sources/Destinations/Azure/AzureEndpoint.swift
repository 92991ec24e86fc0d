import Foundation

/// A Blob or DFS service endpoint: `https://<account>.blob.core.windows.net`, or an emulator-style
/// `http://127.0.0.1:PORT/<account>` whose path becomes a prefix of every request path. Pure.
public struct AzureEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`.
    public var scheme: String
    /// `host[:port]`.
    public var authority: String
    /// The decoded path prefix (`""` or `/account`), without a trailing `/`.
    public var basePath: String

    /// Parses an endpoint URL; query strings are not allowed (pass a SAS separately).
    public init(_ url: String) throws(DestinationError) {
        let lowered = url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
            throw DestinationError(.invalid, "the endpoint must be an http(s) URL")
        }
        let schemeEnd = url.range(of: "://").map { $0.upperBound } ?? url.startIndex
        scheme = lowered.hasPrefix("https://") ? "https" : "http"
        let rest = url[schemeEnd...]
        guard !rest.contains("?"), !rest.contains("@") else {
            throw DestinationError(.invalid, "the endpoint URL must not carry a query or user information")
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        authority = String(rest[..<slash])
        guard !authority.isEmpty else { throw DestinationError(.invalid, "the endpoint URL has no host") }
        var path = String(rest[slash...])
        while path.hasSuffix("/") { path.removeLast() }
        basePath = path
    }

    /// The host without the port, for error messages.
    public var host: String {
        if authority.hasPrefix("[") { return String(authority.prefix { $0 != "]" }.dropFirst()) }
        return String(authority.split(separator: ":").first ?? Substring(authority))
    }

    /// `scheme://authority`.
    public var origin: String { "\(scheme)://\(authority)" }

    public var description: String { origin + basePath }
}
