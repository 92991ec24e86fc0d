import Signing

/// Percent-encoding of object names and query values for the GCS JSON API: an object name is one path segment
/// there, so `/` is encoded as `%2F` too.
enum GCSObjectName {
    /// The name as one encoded path segment (`a/b c` -> `a%2Fb%20c`).
    static func segment(_ name: String) -> String { PercentEncoding.encode(name) }

    /// `name=value&...` with RFC 3986 encoding, in order.
    static func query(_ items: [(String, String)]) -> String {
        items.map { "\(PercentEncoding.encode($0.0))=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
    }
}
