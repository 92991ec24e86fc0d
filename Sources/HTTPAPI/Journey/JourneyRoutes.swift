import Foundation
import Hummingbird
import Journey

/// CJA's APIs on the `JourneyService`: `/data/connections`, `/data/dataviews` and `/segments` (GET list with
/// `limit`/`page`, POST, GET by id, PUT with `If-Match` = the version's etag `"<version>"`, DELETE) and
/// `POST /reports` (the Reporting API). The sandbox is the request's `x-sandbox-name`; every error is problem+json naming its field.
struct JourneyRoutes<Context: RequestContext>: Sendable {
    let service: JourneyService
    let maxJSONBytes: Int

    /// Registers `/data/...` on `data` and `/reports` on `root`.
    func register(data: RouterGroup<Context>, root: RouterGroup<Context>) {
        data.get("connections", use: listConnections)
        data.post("connections", use: createConnection)
        data.get("connections/:id", use: getConnection)
        data.put("connections/:id", use: putConnection)
        data.delete("connections/:id", use: deleteConnection)
        data.get("dataviews", use: listDataViews)
        data.post("dataviews", use: createDataView)
        data.get("dataviews/:id", use: getDataView)
        data.put("dataviews/:id", use: putDataView)
        data.delete("dataviews/:id", use: deleteDataView)
        root.post("reports", use: runReport)
        registerSegments(root: root)
        registerCalculatedMetrics(on: root)
    }

    /// `resource` with its version as `ETag` (and `Location` when created).
    static func resource(
        _ value: some Encodable, version: Int, status: HTTPResponse.Status = .ok, location: String? = nil
    ) throws -> Response {
        var headers = HTTPFields()
        headers[.eTag] = etag(version)
        if let location { headers[.location] = location }
        return try JSONResponse.make(value, status: status, headers: headers)
    }

    static func etag(_ version: Int) -> String { "\"\(version)\"" }

    /// The version `If-Match` names (`"3"`, `W/"3"`, `3`; `*` is the current version); 428 without the header, a
    /// value that is no version never matches.
    static func ifMatch(_ request: Request, current: () async throws -> Int) async throws -> Int {
        guard let header = request.headers[.ifMatch] else {
            throw Problem(
                status: .preconditionRequired, code: "PRECONDITION_REQUIRED",
                detail: "send the resource's etag in If-Match", field: "If-Match")
        }
        var text = header.trimmingCharacters(in: .whitespaces)
        if text == "*" { return try await current() }
        if text.hasPrefix("W/") { text.removeFirst(2) }
        guard let version = Int(text.trimmingCharacters(in: CharacterSet(charactersIn: "\""))) else { return -1 }
        return version
    }

    // MARK: Connections

    @Sendable func listConnections(_ request: Request, context: Context) async throws -> Response {
        try await listing(request) { s, sandbox async throws(JourneyError) in try await s.connections(sandbox: sandbox)
        }
    }

    @Sendable func createConnection(_ request: Request, context: Context) async throws -> Response {
        try await creating(request, JourneyRequest.Connection.self, base: "/data/connections/") {
            s, body, sandbox async throws(JourneyError) in
            try await s.createConnection(body.connection(sandbox: sandbox), sandbox: sandbox)
        }
    }

    @Sendable func getConnection(_ request: Request, context: Context) async throws -> Response {
        try await reading(request, context) { s, id, sandbox async throws(JourneyError) in
            try await s.connection(id: id, sandbox: sandbox)
        }
    }

    @Sendable func putConnection(_ request: Request, context: Context) async throws -> Response {
        try await replacing(
            request, context, JourneyRequest.Connection.self,
            current: { s, id, sandbox async throws(JourneyError) in try await s.connection(id: id, sandbox: sandbox) },
            save: { s, body, id, sandbox, version async throws(JourneyError) in
                try await s.updateConnection(
                    body.connection(sandbox: sandbox), id: id, sandbox: sandbox, ifMatch: version)
            })
    }

    @Sendable func deleteConnection(_ request: Request, context: Context) async throws -> Response {
        try await deleting(request, context) { s, id, sandbox async throws(JourneyError) in
            try await s.deleteConnection(id: id, sandbox: sandbox)
        }
    }
}
