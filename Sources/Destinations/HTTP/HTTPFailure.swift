import AsyncHTTPClient
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failure below HTTP, classified by the step that failed so users can act on it: the name lookup, the TCP
/// connection, the TLS handshake, or the exchange itself (resets, stalls, timeouts).
public struct HTTPFailure: Sendable, Hashable {
    /// The step of a request that failed.
    public enum Step: String, Sendable, Hashable, CaseIterable {
        /// Resolving the host name.
        case dns
        /// Opening the TCP connection (refused, unreachable, timed out).
        case connect
        /// The TLS handshake (certificate, protocol).
        case tls
        /// Sending the request or receiving the answer (reset, closed, stalled, deadline passed).
        case exchange
        /// The request could not even be formed (bad URL, bad header); retrying will not help.
        case request
    }

    /// The step that failed.
    public var step: Step
    /// A short cause in words (`connection refused`, `no bytes for 30 s`).
    public var cause: String
    /// Whether trying again may succeed.
    public var isRetryable: Bool

    /// Creates a classified failure.
    public init(step: Step, cause: String, isRetryable: Bool) {
        self.step = step
        self.cause = cause
        self.isRetryable = isRetryable
    }

    /// The `DestinationError` for this failure of `operation` against `host` (no credentials: only the host,
    /// the step and the cause). Retryable failures are `.transient`; DNS and TLS failures are `.io`; a request
    /// that cannot be formed is `.invalid`.
    public func destinationError(operation: String, host: String, path: String? = nil) -> DestinationError {
        let code: DestinationError.Code =
            isRetryable ? .transient : (step == .request ? .invalid : .io)
        let text: String
        switch step {
        case .dns: text = "\(operation): cannot resolve host '\(host)' (DNS: \(cause)); check the endpoint or region"
        case .connect where cause == "connection refused":
            text = "\(operation): connection refused by \(host) (connect); check the endpoint and port"
        case .connect: text = "\(operation): could not connect to \(host) (\(cause)); check the endpoint and port"
        case .tls: text = "\(operation): TLS handshake with \(host) failed: \(cause)"
        case .exchange: text = "\(operation): the connection to \(host) failed (\(cause))"
        case .request: text = "\(operation): the request to \(host) is invalid (\(cause))"
        }
        return DestinationError(code, text, path: path)
    }

    /// Classifies an error thrown by AsyncHTTPClient or SwiftNIO; `elapsed` (how long the attempt took) names the
    /// timeout in "connect timed out after N s" (AsyncHTTPClient's error does not carry it).
    public static func classify(_ error: any Error, elapsed: Duration? = nil) -> HTTPFailure {
        if let error = error as? HTTPClientError { return classify(error, elapsed: elapsed) }
        if let error = error as? OutboundResolutionError {
            return HTTPFailure(step: .dns, cause: error.cause, isRetryable: false)
        }
        if let error = error as? NIOConnectionError { return classify(error) }
        if let error = error as? IOError { return classify(errno: error.errnoCode, step: .exchange) }
        if let error = error as? ChannelError { return classify(error) }
        if error is CancellationError { return HTTPFailure(step: .exchange, cause: "cancelled", isRetryable: false) }
        let typeName = String(reflecting: type(of: error))
        if typeName.contains("NIOSSL") || typeName.contains("BoringSSL") {
            return HTTPFailure(step: .tls, cause: tlsCause("\(error)"), isRetryable: false)
        }
        if typeName.contains("HTTPParserError") {
            return HTTPFailure(step: .exchange, cause: "the answer is not valid HTTP", isRetryable: true)
        }
        return HTTPFailure(step: .exchange, cause: typeName, isRetryable: true)
    }

    static func classify(_ error: HTTPClientError, elapsed: Duration? = nil) -> HTTPFailure {
        switch error {
        case .connectTimeout:
            let seconds = (elapsed ?? HTTPTransport.connectTimeout).components.seconds
            return HTTPFailure(step: .connect, cause: "connect timed out after \(seconds) s", isRetryable: true)
        case .tlsHandshakeTimeout: return HTTPFailure(step: .tls, cause: "TLS handshake timed out", isRetryable: true)
        case .readTimeout:
            return HTTPFailure(step: .exchange, cause: "the server stalled (read timeout)", isRetryable: true)
        case .writeTimeout:
            return HTTPFailure(step: .exchange, cause: "the upload stalled (write timeout)", isRetryable: true)
        case .deadlineExceeded:
            return HTTPFailure(step: .exchange, cause: "the request deadline passed", isRetryable: true)
        case .remoteConnectionClosed:
            return HTTPFailure(step: .exchange, cause: "the server closed the connection", isRetryable: true)
        case .cancelled: return HTTPFailure(step: .exchange, cause: "cancelled", isRetryable: false)
        case .invalidURL, .emptyHost, .emptyScheme, .missingSocketPath:
            return HTTPFailure(step: .request, cause: "the URL is invalid", isRetryable: false)
        case .getConnectionFromPoolTimeout:
            return HTTPFailure(step: .connect, cause: "no connection became free in time", isRetryable: true)
        case .bodyLengthMismatch:
            return HTTPFailure(step: .request, cause: "the body length does not match", isRetryable: false)
        default:
            let text = "\(error)"
            if text.contains("unsupportedScheme") || text.contains("invalidHeader") {
                return HTTPFailure(step: .request, cause: text.prefix(120).description, isRetryable: false)
            }
            return HTTPFailure(step: .exchange, cause: text.prefix(120).description, isRetryable: true)
        }
    }

    static func classify(_ error: NIOConnectionError) -> HTTPFailure {
        if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
            return HTTPFailure(step: .dns, cause: "no address for the host", isRetryable: false)
        }
        if let first = error.connectionErrors.first, let io = first.error as? IOError {
            return classify(errno: io.errnoCode, step: .connect)
        }
        return HTTPFailure(step: .connect, cause: "no address accepted the connection", isRetryable: true)
    }

    static func classify(_ error: ChannelError) -> HTTPFailure {
        switch error {
        case .connectTimeout(let amount):
            let milliseconds = amount.nanoseconds / 1_000_000
            let seconds = milliseconds % 1000 == 0 ? "\(milliseconds / 1000)" : "\(Double(milliseconds) / 1000)"
            return HTTPFailure(step: .connect, cause: "connect timed out after \(seconds) s", isRetryable: true)
        default: return HTTPFailure(step: .exchange, cause: "the connection closed (\(error))", isRetryable: true)
        }
    }

    /// A TLS library error in words: the common causes named, others cut to 160 characters.
    static func tlsCause(_ text: String) -> String {
        if text.contains("WRONG_VERSION_NUMBER") || text.contains("HTTP_REQUEST") {
            return "the server did not answer with TLS (is it a plain http:// port?)"
        }
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate") {
            return "the server's certificate is not trusted (\(text.prefix(120)))"
        }
        if text.contains("unexpectedEOF") || text.contains("uncleanShutdown") {
            return "the server closed the connection during the handshake"
        }
        return String(text.prefix(160))
    }

    /// A socket error number, named.
    static func classify(errno code: Int32, step: Step) -> HTTPFailure {
        switch code {
        case ECONNREFUSED: return HTTPFailure(step: .connect, cause: "connection refused", isRetryable: true)
        case ECONNRESET: return HTTPFailure(step: step, cause: "connection reset by peer", isRetryable: true)
        case EPIPE: return HTTPFailure(step: step, cause: "broken pipe", isRetryable: true)
        case ETIMEDOUT: return HTTPFailure(step: step, cause: "timed out", isRetryable: true)
        case EHOSTUNREACH, ENETUNREACH:
            return HTTPFailure(step: .connect, cause: "host unreachable", isRetryable: true)
        default: return HTTPFailure(step: step, cause: "socket error \(code)", isRetryable: true)
        }
    }
}
