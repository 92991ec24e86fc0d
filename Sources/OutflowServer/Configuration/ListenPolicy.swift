#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where `outflow serve` may listen. Without `OUTFLOW_API_KEY` every request is served unauthenticated, so the
/// server only listens on a loopback address (127.0.0.0/8, ::1, `localhost`) unless the operator passes
/// `--insecure-no-auth`. Pure: it parses the address text and never resolves a name or opens a socket, so it is
/// decided before anything is bound.
public enum ListenPolicy {
    /// Why the server refuses to start; `description` is the message `outflow serve` prints (exit code 2).
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        /// The address that was asked for.
        public var host: String

        public init(host: String) { self.host = host }

        public var description: String {
            "refusing to listen on '\(host)' without authentication: OUTFLOW_API_KEY is not set, so anyone who can "
                + "reach that address could read and change every dataset, connection and export. Set "
                + "OUTFLOW_API_KEY, listen on a loopback address (127.0.0.1, ::1 or localhost), or pass "
                + "--insecure-no-auth to serve without authentication anyway"
        }
    }

    /// Accepts any address when an API key is set, a loopback address without one, and anything when
    /// `insecureNoAuth` says so; otherwise throws the refusal.
    public static func check(host: String, apiKey: String?, insecureNoAuth: Bool) throws(Refusal) {
        if let apiKey, !apiKey.isEmpty { return }
        if insecureNoAuth || isLoopback(host) { return }
        throw Refusal(host: host)
    }

    /// The check for a configuration (`host`, `apiKey`, `insecureNoAuth`).
    public static func check(_ configuration: OutflowConfiguration) throws(Refusal) {
        try check(
            host: configuration.host, apiKey: configuration.apiKey, insecureNoAuth: configuration.insecureNoAuth)
    }

    /// True for `localhost` (any case), an IPv4 address in 127.0.0.0/8 (four decimal parts), and the IPv6 loopback
    /// `::1` in any spelling, bracketed or not, or IPv4-mapped (`::ffff:127.x.y.z`). Anything else is not, including
    /// names that might resolve to loopback and fully qualified forms with a trailing dot (`localhost.`), which a
    /// resolver may send to DNS.
    public static func isLoopback(_ host: String) -> Bool {
        var name = host.lowercased()
        if name == "localhost" { return true }
        if let ipv4 = ipv4Bytes(name) { return ipv4[0] == 127 }
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        guard let ipv6 = ipv6Bytes(name) else { return false }
        if ipv6 == [UInt8](repeating: 0, count: 15) + [1] { return true }
        let mappedPrefix = [UInt8](repeating: 0, count: 10) + [0xff, 0xff]
        return Array(ipv6.prefix(12)) == mappedPrefix && ipv6[12] == 127
    }

    private static func ipv4Bytes(_ text: String) -> [UInt8]? {
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    private static func ipv6Bytes(_ text: String) -> [UInt8]? {
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }
}
