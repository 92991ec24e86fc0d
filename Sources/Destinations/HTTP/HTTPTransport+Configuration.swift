public import AsyncHTTPClient
import NIOCore

extension HTTPTransport {
    /// Timeouts and the retry policy of a transport.
    public struct Configuration: Sendable {
        /// The deadline of one attempt, from sending the request to the last byte of the answer.
        public var requestTimeout: Duration
        /// Extra time per MiB of request body added to `requestTimeout` (slow links still finish big parts).
        public var timeoutPerMiB: Duration
        /// The largest response body collected; longer answers fail the request.
        public var maxResponseBytes: Int
        /// When to retry.
        public var retry: HTTPRetryPolicy
        /// Which addresses requests may connect to (default: public addresses only). Every request, the connect
        /// step included, resolves its host, checks every address and connects to a checked one.
        public var outbound: OutboundPolicy
        /// Resolves host names for the outbound check (the system resolver; tests inject a stub).
        public var resolver: OutboundResolver

        /// Creates a configuration.
        public init(
            requestTimeout: Duration = .seconds(60), timeoutPerMiB: Duration = .seconds(2),
            maxResponseBytes: Int = 32 << 20, retry: HTTPRetryPolicy = HTTPRetryPolicy(),
            outbound: OutboundPolicy = OutboundPolicy(), resolver: OutboundResolver = .system
        ) {
            self.requestTimeout = requestTimeout
            self.timeoutPerMiB = timeoutPerMiB
            self.maxResponseBytes = maxResponseBytes
            self.retry = retry
            self.outbound = outbound
            self.resolver = resolver
        }

        /// The deadline of one attempt sending `bodyLength` bytes.
        public func timeout(bodyLength: Int64) -> Duration {
            requestTimeout + timeoutPerMiB * Int(bodyLength >> 20)
        }
    }

    /// The connect timeout of `clientConfiguration` (TCP and TLS handshake of one connection).
    public static let connectTimeout: Duration = .seconds(10)

    /// The settings of the process-wide client (`HTTPTransport.sharedClient`): no redirects (a signed request
    /// must not wander), no decompression, connect timeout 10 s, idle read and write timeouts 30 s, and no
    /// retries of a failed connection inside the pool: AsyncHTTPClient would otherwise keep reconnecting to a
    /// refused port, an unresolvable name or a non-TLS server until the connect timeout (10 s per request); the
    /// transport's own policy retries with backoff instead, and connection tests not at all.
    public static var clientConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(
                connect: .seconds(connectTimeout.components.seconds), read: .seconds(30), write: .seconds(30)),
            decompression: .disabled)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 16
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    /// One client for the whole process, created on first use and never shut down (like `HTTPClient.shared`,
    /// but with `clientConfiguration`).
    public static let sharedClient = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: HTTPTransport.clientConfiguration)
}
