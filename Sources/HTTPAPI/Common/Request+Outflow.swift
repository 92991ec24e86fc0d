import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension HTTPField.Name {
    /// AEP's sandbox header.
    static let sandboxName = HTTPField.Name("x-sandbox-name") ?? .accept
    /// Total items of a paged listing.
    static let totalCount = HTTPField.Name("x-total-count") ?? .accept
}

extension Request {
    /// The sandbox named by `x-sandbox-name`, `prod` by default.
    var sandbox: String {
        guard let name = headers[.sandboxName], !name.isEmpty else { return "prod" }
        return name
    }

    /// Paging from `start` and `limit` (default 0 and 50, limit at most 1,000).
    func paging() throws(Problem) -> (start: Int, limit: Int) {
        let start = try integerQuery("start") ?? 0
        let limit = try integerQuery("limit") ?? 50
        guard start >= 0 else { throw Problem.badRequest("start must be >= 0", field: "start") }
        guard (1...1_000).contains(limit) else { throw Problem.badRequest("limit must be 1...1000", field: "limit") }
        return (start, limit)
    }

    func integerQuery(_ name: String) throws(Problem) -> Int? {
        guard let text = uri.queryParameters[Substring(name)] else { return nil }
        guard let value = Int(text) else { throw Problem.badRequest("\(name) must be an integer", field: name) }
        return value
    }
}

/// JSON responses with Outflow's encoder settings.
enum JSONResponse {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws
        -> Response
    {
        try raw(Array(encoder().encode(value)), status: status, headers: headers)
    }

    static func raw(_ bytes: [UInt8], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// An AEP Catalog style object keyed by id, keeping `items` in order.
    static func keyed<T: Encodable>(_ items: [(id: String, value: T)], headers: HTTPFields = [:]) throws -> Response {
        let encoder = encoder()
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out += try encoder.encode(item.id)
            out.append(UInt8(ascii: ":"))
            out += try encoder.encode(item.value)
        }
        out.append(UInt8(ascii: "}"))
        return raw(out, headers: headers)
    }
}
