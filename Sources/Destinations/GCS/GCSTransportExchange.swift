import NIOCore
import NIOHTTP1
import Signing

/// `GCSHTTPExchange` over the shared `HTTPTransport` (no redirects: a GCS `308` means "resume incomplete"; DNS,
/// connect and TLS failures named). The transport itself does not retry here: the GCS adapter decides, because a
/// failed resumable chunk is resumed after a status query rather than resent blindly.
struct GCSTransportExchange: GCSHTTPExchange {
    var transport: HTTPTransport

    init(
        transport: HTTPTransport? = nil, requestTimeout: Duration = .seconds(60),
        outbound: OutboundPolicy = OutboundPolicy()
    ) {
        if let transport {
            self.transport = transport
        } else {
            var configuration = HTTPTransport.Configuration(requestTimeout: requestTimeout, outbound: outbound)
            configuration.retry = .none
            self.transport = HTTPTransport(configuration: configuration)
        }
    }

    func connectStep(url: String) async -> ConnectionTestReport? {
        await transport.connectStep(url: url)
    }

    func send(_ request: GCSRequest) async throws(DestinationError) -> GCSResponse {
        var headers = HTTPHeaders()
        for field in request.headers { headers.add(name: field.name, value: field.value) }
        // Every method but GET and HEAD carries a body, empty ones as `Content-Length: 0` (GCS wants it on PUT
        // status queries and on DELETE of an upload session).
        let body: HTTPTransportRequest.Body = ["GET", "HEAD"].contains(request.method) ? .empty : .bytes(request.body)
        let response = try await transport.send(
            HTTPTransportRequest(
                method: HTTPMethod(rawValue: request.method), url: request.url, headers: headers, body: body),
            operation: "GCS \(request.method)")
        return GCSResponse(
            status: response.status, headers: response.headers.map { SignableRequest.Field($0.name, $0.value) },
            body: response.body)
    }
}
