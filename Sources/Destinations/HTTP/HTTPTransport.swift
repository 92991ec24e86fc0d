public import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import NIOHTTP1

/// Sends HTTP requests for the cloud destinations over AsyncHTTPClient, retrying connection failures and
/// retryable statuses (`HTTPRetryPolicy`) with exponential backoff and jitter. It never throws for an HTTP
/// status: the final response is returned and the destination maps its service error. It throws a
/// `DestinationError` naming the failed step (DNS, connect, TLS, exchange) when no response arrives.
///
/// Requests are prepared per attempt (`prepare`), so signatures carrying a date are fresh on every retry.
public struct HTTPTransport: Sendable {
    /// The client requests go through (shared or owned by the caller, who then shuts it down).
    public let client: HTTPClient
    /// Timeouts and retries.
    public var configuration: Configuration
    /// Logs retries (host, operation, step; never headers).
    public var logger: Logger
    /// Waits between attempts (injectable for tests).
    let pause: @Sendable (Duration) async throws -> Void
    /// A random fraction in `0..<1` for jitter (injectable for tests).
    let jitter: @Sendable () -> Double

    /// A transport over `client` (default: the process-wide `sharedClient`).
    public init(
        client: HTTPClient = HTTPTransport.sharedClient, configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "outflow.http")
    ) {
        self.init(
            client: client, configuration: configuration, logger: logger,
            pause: { try await Task.sleep(for: $0) }, jitter: { Double.random(in: 0..<1) })
    }

    init(
        client: HTTPClient, configuration: Configuration, logger: Logger,
        pause: @escaping @Sendable (Duration) async throws -> Void, jitter: @escaping @Sendable () -> Double
    ) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
        self.pause = pause
        self.jitter = jitter
    }

    /// Sends `request` (after `prepare`, e.g. signing, on every attempt) and returns the final response.
    /// - Parameters:
    ///   - operation: what the request does, for errors and logs (`PutObject`, `UploadPart 3`).
    ///   - path: the destination-relative path involved, copied into errors.
    public func send(
        _ request: HTTPTransportRequest, operation: String, path: String? = nil,
        prepare: @Sendable (HTTPTransportRequest) async throws(DestinationError) -> HTTPTransportRequest = { $0 }
    ) async throws(DestinationError) -> HTTPTransportResponse {
        var attempt = 0
        while true {
            attempt += 1
            let prepared = try await prepare(request)
            let host = Self.host(of: prepared.url)
            let outcome: HTTPRetryPolicy.Outcome
            let failure: HTTPFailure?
            var cause: (any Error)?
            var response: HTTPTransportResponse?
            let started = ContinuousClock.now
            do {
                let answer = try await once(prepared)
                response = answer
                outcome = .status(
                    answer.status, retryAfterSeconds: answer.headers.first(name: "retry-after").flatMap { Int($0) })
                failure = nil
            } catch let refusal as OutboundRefusal {
                throw refusal.destinationError(operation: operation, path: path)
            } catch {
                cause = error
                let classified = HTTPFailure.classify(error, elapsed: ContinuousClock.now - started)
                outcome = .transportFailure(retryable: classified.isRetryable)
                failure = classified
            }
            if Task.isCancelled {
                throw DestinationError(.transient, "\(operation): cancelled", path: path)
            }
            switch configuration.retry.decision(afterAttempt: attempt, outcome: outcome, jitter: jitter()) {
            case .stop:
                if let response { return response }
                var error = (failure ?? HTTPFailure(step: .exchange, cause: "no response", isRetryable: true))
                    .destinationError(operation: operation, host: host, path: path)
                error.underlying = cause
                throw error
            case .retry(let delay):
                logger.debug(
                    "retrying",
                    metadata: [
                        "operation": "\(operation)", "attempt": "\(attempt)", "host": "\(host)",
                        "reason":
                            "\(response.map { "HTTP \($0.status)" } ?? failure.map { "\($0.step): \($0.cause)" } ?? "")",
                    ])
                do { try await pause(delay) } catch {
                    throw DestinationError(.transient, "\(operation): cancelled while waiting to retry", path: path)
                }
            }
        }
    }

    /// One attempt: executes the request under its deadline and collects the answer, connecting only to an address
    /// the outbound policy admitted (`withOutboundClient`).
    func once(_ request: HTTPTransportRequest) async throws -> HTTPTransportResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method
        outgoing.headers = request.headers
        switch request.body {
        case .empty:
            break
        case .bytes(let buffer):
            outgoing.body = .bytes(buffer)
        case .stream(let length, let makeChunks):
            outgoing.body = .stream(makeChunks(), length: .known(length))
        }
        let timeout = configuration.timeout(bodyLength: request.body.length)
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        let deadline = NIODeadline.now() + .nanoseconds(nanoseconds)
        let maxResponseBytes = configuration.maxResponseBytes
        return try await withOutboundClient(url: request.url) { client in
            let response = try await client.execute(outgoing, deadline: deadline, logger: nil)
            let buffer = try await response.body.collect(upTo: maxResponseBytes)
            return HTTPTransportResponse(
                status: Int(response.status.code), headers: response.headers, body: Array(buffer.readableBytesView))
        }
    }

    /// `host[:port]` of an absolute URL, for messages (never the query, which may hold a signature).
    static func host(of url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        return String(authority.split(separator: "@").last ?? authority)
    }
}
