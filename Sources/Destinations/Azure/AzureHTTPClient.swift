import NIOCore
import NIOHTTP1
import Signing

/// The Azure destinations' view of the shared `HTTPTransport`: signs each attempt with the credential (fresh
/// `x-ms-date` on retries), lets the transport retry connection failures and 408/429/5xx with backoff and
/// jitter, and maps Azure's error answers to `DestinationError`s naming what to fix, without secrets.
struct AzureHTTPClient: Sendable {
    /// A complete answer, with headers as name/value pairs.
    struct Response: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            let lowered = name.lowercased()
            return headers.first { $0.0.lowercased() == lowered }?.1
        }
    }

    let transport: HTTPTransport

    init(transport: HTTPTransport = HTTPTransport(configuration: .init(requestTimeout: .seconds(120)))) {
        self.transport = transport
    }

    /// Sends `request` to `endpoint`, authorized by `credential`; non-2xx answers become errors (a 404 is
    /// returned when `acceptNotFound`).
    func send(
        _ request: SignableRequest, body: [UInt8]? = nil, endpoint: AzureEndpoint, credential: AzureCredential,
        path: String? = nil, acceptNotFound: Bool = false
    ) async throws(DestinationError) -> Response {
        var withLength = request
        if let body { withLength.headers.append(.init("Content-Length", String(body.count))) }
        let unsigned = withLength
        let placeholder = HTTPTransportRequest(method: HTTPMethod(rawValue: request.method), url: endpoint.origin)
        let operation = "\(request.method) \(endpoint.authority)"
        let answer = try await transport.send(placeholder, operation: operation, path: path) {
            _ throws(DestinationError) in
            let (signed, sas) = try await credential.authorize(unsigned, client: self)
            var url = endpoint.origin + signed.target
            if let sas { url += (signed.query.isEmpty ? "?" : "&") + sas }
            return Self.request(method: signed.method, url: url, headers: signed.headers, body: body)
        }
        let response = Self.response(answer)
        if (200..<300).contains(response.status) || (acceptNotFound && response.status == 404) {
            return response
        }
        throw AzureErrorMapping.error(response, endpoint: endpoint, path: path)
    }

    /// POSTs a form (OAuth token requests); returns any status.
    func postForm(url: String, headers: [SignableRequest.Field], body: String) async throws(DestinationError)
        -> Response
    {
        let request = Self.request(method: "POST", url: url, headers: headers, body: Array(body.utf8))
        return Self.response(try await transport.send(request, operation: "token request"))
    }

    static func request(method: String, url: String, headers: [SignableRequest.Field], body: [UInt8]?)
        -> HTTPTransportRequest
    {
        var fields = HTTPHeaders()
        for field in headers where field.name.lowercased() != "content-length" {
            fields.add(name: field.name, value: field.value)
        }
        return HTTPTransportRequest(
            method: HTTPMethod(rawValue: method), url: url, headers: fields, body: body.map { .bytes($0) } ?? .empty)
    }

    static func response(_ answer: HTTPTransportResponse) -> Response {
        Response(status: answer.status, headers: answer.headers.map { ($0.name, $0.value) }, body: answer.body)
    }
}
