import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Resolves a host name to its addresses for `OutboundPolicy.admit`. `.system` asks the system resolver
/// (`getaddrinfo`) on NIO's blocking thread pool, never on Swift's cooperative pool; tests inject a stub, so no
/// test needs a real name lookup.
public struct OutboundResolver: Sendable {
    /// Resolves `host` (a name, never a numeric address) for `port`; throws `OutboundResolutionError` when the
    /// name has no address.
    public let resolve: @Sendable (_ host: String, _ port: Int) async throws -> [IPAddress]

    public init(resolve: @escaping @Sendable (_ host: String, _ port: Int) async throws -> [IPAddress]) {
        self.resolve = resolve
    }

    /// The system resolver on NIO's blocking pool.
    public static let system = OutboundResolver { host, port in
        try await NIOThreadPool.singleton.runIfActive { try lookUp(host: host, port: port) }
    }

    /// `getaddrinfo` for TCP, every address in the order the system prefers.
    static func lookUp(host: String, port: Int) throws -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw OutboundResolutionError(host: host, port: port, cause: "no address for the host")
        }
        defer { freeaddrinfo(first) }
        var addresses: [IPAddress] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let current = node {
            if let socket = current.pointee.ai_addr, let address = address(of: socket), !addresses.contains(address) {
                addresses.append(address)
            }
            node = current.pointee.ai_next
        }
        guard !addresses.isEmpty else {
            throw OutboundResolutionError(host: host, port: port, cause: "no address for the host")
        }
        return addresses
    }

    private static func address(of socket: UnsafeMutablePointer<sockaddr>) -> IPAddress? {
        switch Int32(socket.pointee.sa_family) {
        case AF_INET:
            let value = socket.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
            return .v4(UInt32(bigEndian: value))
        case AF_INET6:
            let bytes = socket.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                withUnsafeBytes(of: $0.pointee.sin6_addr) { Array($0) }
            }
            guard bytes.count == 16 else { return nil }
            var high: UInt64 = 0
            var low: UInt64 = 0
            for index in 0..<8 { high = high << 8 | UInt64(bytes[index]) }
            for index in 8..<16 { low = low << 8 | UInt64(bytes[index]) }
            return .v6(high: high, low: low)
        default:
            return nil
        }
    }
}

/// A host name that did not resolve: the DNS step of a connection failed.
public struct OutboundResolutionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// The cause in words ("no address for the host").
    public var cause: String

    public init(host: String, port: Int, cause: String) {
        self.host = host
        self.port = port
        self.cause = cause
    }

    public var description: String { "cannot resolve host '\(host):\(port)' (DNS: \(cause))" }
}
