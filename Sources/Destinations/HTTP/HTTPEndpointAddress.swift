import Foundation

/// The scheme, host and port of an absolute `http(s)` URL: what a connect check needs (never the path or query,
/// which may hold a signature).
public struct HTTPEndpointAddress: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https` (lower case).
    public var scheme: String
    /// The host name or address (IPv6 without brackets).
    public var host: String
    /// The port, the scheme's default when the URL names none.
    public var port: Int

    /// Creates an address.
    public init(scheme: String, host: String, port: Int) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Parses `scheme://[user@]host[:port][/...]`; nil when the URL is not an absolute http(s) URL.
    public init?(url: String) {
        guard let separator = url.range(of: "://") else { return nil }
        let scheme = url[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = url[separator.upperBound...]
        var authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let defaultPort = scheme == "https" ? 443 : 80
        var host = Substring(authority)
        var port = defaultPort
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                guard let number = Int(after.dropFirst()) else { return nil }
                port = number
            } else if !after.isEmpty {
                return nil
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let number = Int(authority[authority.index(after: colon)...]) else { return nil }
            port = number
        }
        guard !host.isEmpty, (1...65_535).contains(port) else { return nil }
        self.init(scheme: scheme, host: String(host), port: port)
    }

    /// `host:port` (IPv6 hosts in brackets), as messages show it.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// `scheme://host:port/`: the root URL of the server.
    public var rootURL: String { "\(scheme)://\(description)/" }
}
