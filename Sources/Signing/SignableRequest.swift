/// The parts of an HTTP request that the signers read and extend: method, host, the *decoded* path, decoded
/// query items and headers. The path is percent-encoded exactly once, segment by segment, when the request is
/// sent and when it is signed, so a key such as `a b/c$d` is never double-encoded.
public struct SignableRequest: Sendable, Hashable {
    /// One header or query item, in the order the caller gave it.
    public struct Field: Sendable, Hashable {
        /// The name, as given (headers compare case-insensitively).
        public var name: String
        /// The value, decoded.
        public var value: String

        /// Creates a field.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// `GET`, `PUT`, `HEAD`, `DELETE`, `POST`, `PATCH`.
    public var method: String
    /// The `Host` header value, with `:port` when the port is not the scheme's default.
    public var host: String
    /// The decoded path, starting with `/` (`/bucket/folder/part 0.parquet`).
    public var path: String
    /// Decoded query items (`comp=block`, `blockid=...`).
    public var query: [Field]
    /// Headers to send; the signers add theirs to these.
    public var headers: [Field]

    /// Creates a request description.
    public init(method: String, host: String, path: String, query: [Field] = [], headers: [Field] = []) {
        self.method = method
        self.host = host
        self.path = path.isEmpty ? "/" : path
        self.query = query
        self.headers = headers
    }

    /// The path as it goes on the wire: each segment percent-encoded (RFC 3986 unreserved set), `/` kept.
    public var encodedPath: String {
        PercentEncoding.encode(path.hasPrefix("/") ? path : "/" + path, keepingSlash: true)
    }

    /// The query as it goes on the wire (RFC 3986 encoding, in the given order), without `?`.
    public var encodedQuery: String {
        query.map { "\(PercentEncoding.encode($0.name))=\(PercentEncoding.encode($0.value))" }.joined(separator: "&")
    }

    /// `encodedPath` plus `?encodedQuery` when there is a query: the HTTP request target.
    public var target: String {
        query.isEmpty ? encodedPath : encodedPath + "?" + encodedQuery
    }

    /// The value of the first header with this name (case-insensitive), if any.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// Appends a header unless one with the same name (case-insensitive) is already present.
    package mutating func addHeaderIfAbsent(_ name: String, _ value: String) {
        if header(name) == nil { headers.append(Field(name, value)) }
    }
}
