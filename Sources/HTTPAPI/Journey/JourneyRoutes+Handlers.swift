import Hummingbird
import Journey

/// What the generic handlers need of a stored definition.
protocol JourneyResource: Encodable, Sendable {
    var id: String { get }
    var version: Int { get }
}

extension JourneyConnection: JourneyResource {}
extension DataView: JourneyResource {}

/// The five handlers of a resource (list, create, read, replace, delete) written once for connections and data
/// views; each route names only the service calls.
extension JourneyRoutes {
    /// One page of the sandbox's `items`.
    func listing<Item: Encodable & Sendable>(
        _ request: Request, _ items: (JourneyService, String) async throws(JourneyError) -> [Item]
    ) async throws -> Response {
        let (page, limit) = try JourneyPage<Item>.paging(request)
        let sandbox = request.sandbox
        let all = try await service.call { s async throws(JourneyError) in try await items(s, sandbox) }
        return try JSONResponse.make(JourneyPage(all, page: page, limit: limit))
    }

    /// 201 with the resource `save` stored from the body, its etag and `Location` (`base` + id).
    func creating<Body: Decodable, Resource: JourneyResource>(
        _ request: Request, _ type: Body.Type, base: String,
        _ save: (JourneyService, Body, String) async throws(JourneyError) -> Resource
    ) async throws -> Response {
        let body = try await JourneyRequest.decode(type, request, limit: maxJSONBytes)
        let sandbox = request.sandbox
        let created = try await service.call { s async throws(JourneyError) in try await save(s, body, sandbox) }
        return try Self.resource(created, version: created.version, status: .created, location: base + created.id)
    }

    /// The resource `:id` with its etag.
    func reading<Resource: JourneyResource>(
        _ request: Request, _ context: Context,
        _ fetch: (JourneyService, String, String) async throws(JourneyError) -> Resource
    ) async throws -> Response {
        let id = try context.parameters.require("id")
        let sandbox = request.sandbox
        let found = try await service.call { s async throws(JourneyError) in try await fetch(s, id, sandbox) }
        return try Self.resource(found, version: found.version)
    }

    /// Replaces `:id` from the body at the version `If-Match` names.
    func replacing<Body: Decodable, Resource: JourneyResource>(
        _ request: Request, _ context: Context, _ type: Body.Type,
        current: (JourneyService, String, String) async throws(JourneyError) -> Resource,
        save: (JourneyService, Body, String, String, Int) async throws(JourneyError) -> Resource
    ) async throws -> Response {
        let id = try context.parameters.require("id")
        let sandbox = request.sandbox
        let service = self.service
        let version = try await Self.ifMatch(request) {
            try await service.call { s async throws(JourneyError) in try await current(s, id, sandbox) }.version
        }
        let body = try await JourneyRequest.decode(type, request, limit: maxJSONBytes)
        let updated = try await service.call { s async throws(JourneyError) in
            try await save(s, body, id, sandbox, version)
        }
        return try Self.resource(updated, version: updated.version)
    }

    /// 204 once `remove` deleted `:id`.
    func deleting(
        _ request: Request, _ context: Context,
        _ remove: (JourneyService, String, String) async throws(JourneyError) -> Void
    ) async throws -> Response {
        let id = try context.parameters.require("id")
        let sandbox = request.sandbox
        try await service.call { s async throws(JourneyError) in try await remove(s, id, sandbox) }
        return Response(status: .noContent)
    }
}
