import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix

/// `GCSHTTPExchange` over AsyncHTTPClient: one process-wide client that never follows redirects (a GCS `308`
/// means "resume incomplete", not "go elsewhere"), with connect and per-request timeouts.
struct GCSAsyncHTTPExchange: GCSHTTPExchange {
    /// Never shut down: it lives as long as the process, like `HTTPClient.shared`.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(10), read: .seconds(60))
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// The longest a single request may take (a chunk of several MiB over a slow link included).
    var requestTimeout: TimeAmount = .seconds(300)

    func send(_ request: GCSRequest) async throws(DestinationError) -> GCSResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
        // Every method but GET and HEAD carries a body, empty ones as `Content-Length: 0` (GCS wants it on PUT
        // status queries and DELETE of an upload session).
        if !["GET", "HEAD"].contains(request.method) {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        do {
            let response = try await Self.client.execute(outgoing, timeout: requestTimeout)
            var body = try await response.body.collect(upTo: 16 << 20)
            let bytes = body.readBytes(length: body.readableBytes) ?? []
            return GCSResponse(
                status: Int(response.status.code),
                headers: response.headers.map { SignableRequest.Field($0.name, $0.value) }, body: bytes)
        } catch {
            throw Self.mapTransportError(error, host: GCSAsyncHTTPExchange.host(of: request.url))
        }
    }

    /// The host part of an URL, for messages (never the query, which may carry an upload id).
    static func host(of url: String) -> String {
        let afterScheme = url.range(of: "://").map { url[$0.upperBound...] } ?? url[...]
        return String(afterScheme.prefix { $0 != "/" && $0 != "?" })
    }

    /// Names the failed step: DNS, connect, TLS, timeout or a dropped connection.
    static func mapTransportError(_ error: any Error, host: String) -> DestinationError {
        let text = String(describing: error)
        if let client = error as? HTTPClientError {
            switch client {
            case .connectTimeout:
                return DestinationError(.transient, "connecting to \(host) timed out: check the endpoint and network")
            case .readTimeout, .deadlineExceeded, .writeTimeout:
                return DestinationError(.transient, "\(host) stopped answering (timeout); the request will be retried")
            case .remoteConnectionClosed:
                return DestinationError(.transient, "\(host) closed the connection mid-request")
            case .invalidURL, .emptyHost, .emptyScheme:
                return DestinationError(.invalid, "the endpoint URL is not valid: check the endpoint parameter")
            case .tlsHandshakeTimeout:
                return DestinationError(.transient, "the TLS handshake with \(host) timed out")
            default:
                break
            }
        }
        if text.contains("NIOSSL") || text.contains("TLS") || text.contains("certificate") {
            return DestinationError(.io, "the TLS handshake with \(host) failed: check the endpoint's certificate")
        }
        if text.contains("lookup") || text.contains("DNS") || text.contains("getaddrinfo")
            || text.contains("resolve")
        {
            return DestinationError(.io, "the host name \(host) could not be resolved (DNS): check the endpoint")
        }
        if text.contains("refused") || text.contains("Connection refused") {
            return DestinationError(.transient, "\(host) refused the connection: is the endpoint right and up?")
        }
        return DestinationError(.transient, "the connection to \(host) failed: \(GCSErrorMapping.bounded(text))")
    }
}
