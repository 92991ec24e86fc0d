import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A small HTTP client for the Azure destinations over AsyncHTTPClient (the shared client unless one is given):
/// sends a signed request, retries connection failures, 408/429/5xx with exponential backoff and jitter, and maps
/// failures to `DestinationError`s naming the step (connect, auth, permission, not found) without secrets.
struct AzureHTTPClient: Sendable {
    struct Response: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            let lowered = name.lowercased()
            return headers.first { $0.0.lowercased() == lowered }?.1
        }
    }

    let client: HTTPClient
    var attempts = 4
    var timeout: TimeAmount = .seconds(120)
    var maxResponseBytes = 64 << 20

    init(client: HTTPClient = .shared) {
        self.client = client
    }

    /// Sends `request` to `endpoint`, authorized by `credential`; non-2xx answers become errors.
    func send(
        _ request: SignableRequest, body: [UInt8]? = nil, endpoint: AzureEndpoint, credential: AzureCredential,
        path: String? = nil, acceptNotFound: Bool = false
    ) async throws(DestinationError) -> Response {
        var attempt = 0
        while true {
            attempt += 1
            do throws(DestinationError) {
                var prepared = request
                if let body { prepared.headers.append(.init("Content-Length", String(body.count))) }
                let (signed, sas) = try await credential.authorize(prepared, client: self)
                var url = endpoint.origin + signed.target
                if let sas { url += (signed.query.isEmpty ? "?" : "&") + sas }
                let response = try await execute(
                    method: signed.method, url: url, headers: signed.headers, body: body, endpoint: endpoint)
                if (200..<300).contains(response.status) || (acceptNotFound && response.status == 404) {
                    return response
                }
                throw AzureErrorMapping.error(response, endpoint: endpoint, path: path)
            } catch {
                guard error.isRetryable, attempt < attempts else { throw error }
                let base = 0.1 * pow(2, Double(attempt - 1))
                try? await Task.sleep(for: .milliseconds(Int(1000 * (base + Double.random(in: 0...base)))))
            }
        }
    }

    /// POSTs a form (OAuth token requests); returns any status.
    func postForm(url: String, headers: [SignableRequest.Field], body: String) async throws(DestinationError)
        -> Response
    {
        let endpoint = try AzureEndpoint(url)
        var attempt = 0
        while true {
            attempt += 1
            do throws(DestinationError) {
                return try await execute(
                    method: "POST", url: url, headers: headers, body: Array(body.utf8), endpoint: endpoint)
            } catch {
                guard error.isRetryable, attempt < attempts else { throw error }
                try? await Task.sleep(for: .milliseconds(100 * attempt))
            }
        }
    }

    private func execute(
        method: String, url: String, headers: [SignableRequest.Field], body: [UInt8]?, endpoint: AzureEndpoint
    ) async throws(DestinationError) -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for field in headers where field.name.lowercased() != "content-length" {
            request.headers.add(name: field.name, value: field.value)
        }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await client.execute(request, timeout: timeout)
            let collected = try await response.body.collect(upTo: maxResponseBytes)
            return Response(
                status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                body: Array(buffer: collected))
        } catch {
            throw AzureErrorMapping.transportError(error, endpoint: endpoint)
        }
    }
}
