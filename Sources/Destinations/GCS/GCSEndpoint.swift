import Foundation

/// The base URL of a GCS API (`https://storage.googleapis.com` or an emulator's `http://127.0.0.1:PORT`), split
/// into the parts requests and signatures need.
public struct GCSEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// Google's production endpoint (JSON API and XML interop API share it).
    public static let google = GCSEndpoint(scheme: "https", host: "storage.googleapis.com", port: nil, basePath: "")

    /// `http` or `https`.
    public var scheme: String
    /// The host name or address, without port.
    public var host: String
    /// The port when it is not the scheme's default.
    public var port: Int?
    /// A path prefix every request starts with (`""`, or `/gcs` behind a proxy), without a trailing `/`.
    public var basePath: String

    init(scheme: String, host: String, port: Int?, basePath: String) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.basePath = basePath
    }

    /// Parses `http(s)://host[:port][/base]`; throws `.invalid` naming the `endpoint` parameter otherwise.
    public init(parsing text: String) throws(DestinationError) {
        let bad = DestinationError(
            .invalid, "the endpoint must be an http(s) URL such as https://storage.googleapis.com")
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let scheme: String
        if trimmed.lowercased().hasPrefix("https://") {
            scheme = "https"
        } else if trimmed.lowercased().hasPrefix("http://") {
            scheme = "http"
        } else {
            throw bad
        }
        let rest = trimmed.dropFirst(scheme.count + 3)
        guard !rest.contains("?"), !rest.contains("#"), !rest.contains("@") else { throw bad }
        let authority = rest.prefix { $0 != "/" }
        var path = String(rest.dropFirst(authority.count))
        while path.hasSuffix("/") { path.removeLast() }
        var host = String(authority)
        var port: Int?
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            host = String(authority[..<colon])
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65535).contains(number) else {
                throw bad
            }
            port = number
        }
        guard !host.isEmpty else { throw bad }
        let defaultPort = scheme == "https" ? 443 : 80
        self.init(scheme: scheme, host: host, port: port == defaultPort ? nil : port, basePath: path)
    }

    /// `host[:port]`: the `Host` header value.
    public var hostHeader: String { port.map { "\(host):\($0)" } ?? host }

    /// `scheme://host[:port]<basePath>`.
    public var baseURL: String { "\(scheme)://\(hostHeader)\(basePath)" }

    public var description: String { baseURL }

}
