import Exports
import Hummingbird

extension FlowServiceRoutes {
    func registerConnectionLifecycle(on group: RouterGroup<Context>) {
        group.get("connections", use: listConnections)
        group.delete("connections/:id", use: deleteConnection)
        group.get("sourceConnections", use: listSources)
        group.delete("sourceConnections/:id", use: deleteSource)
        group.get("targetConnections", use: listTargets)
        group.delete("targetConnections/:id", use: deleteTarget)
        group.post("flows/:id/action", use: flowAction)
    }

    /// Pages `items` (after `property` filters) with `start`/`limit`, `x-total-count` and a next link.
    static func page<Item: Encodable>(_ items: [Item], request: Request, path: String) throws -> Response {
        let (start, limit) = try request.paging()
        let filter = try PropertyFilter(request)
        let matching = items.filter(filter.matches)
        var listing = FlowServiceResource.Items(items: Array(matching.dropFirst(start).prefix(limit)))
        if start + listing.items.count < matching.count {
            listing._links.next = .init(
                href: "/data/foundation/flowservice/\(path)?start=\(start + listing.items.count)&limit=\(limit)")
        }
        return try JSONResponse.make(listing, headers: CatalogRoutes<Context>.totalHeader(matching.count))
    }

    /// Base connections (never their credentials).
    @Sendable func listConnections(_ request: Request, context: Context) async throws -> Response {
        let items = try await access.withStore { store async throws(ExportsError) in try await store.baseConnections() }
        var resources: [FlowServiceResource.Connection] = []
        for item in items { resources.append(try await connectionResource(item)) }
        return try Self.page(resources, request: request, path: "connections")
    }

    /// 204; 409 while a target connection uses it.
    @Sendable func deleteConnection(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        try await access.withStore { store async throws(ExportsError) in try await store.deleteBaseConnection(id: id) }
        return Response(status: .noContent)
    }

    /// Source connections of the request's sandbox.
    @Sendable func listSources(_ request: Request, context: Context) async throws -> Response {
        let sandbox = request.sandbox
        let items = try await access.withStore { store async throws(ExportsError) in try await store.sourceConnections()
        }
        return try Self.page(
            items.filter { $0.sandbox == sandbox }.map(FlowServiceResource.Source.init), request: request,
            path: "sourceConnections")
    }

    /// 204; 409 while a flow reads it.
    @Sendable func deleteSource(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        let sandbox = request.sandbox
        try await access.withStore { store async throws(ExportsError) in
            guard let source = try await store.sourceConnection(id: id), source.sandbox == sandbox else {
                throw ExportsError(.notFound, "source connection \(id) does not exist")
            }
            try await store.deleteSourceConnection(id: id)
        }
        return Response(status: .noContent)
    }

    @Sendable func listTargets(_ request: Request, context: Context) async throws -> Response {
        let items = try await access.withStore { store async throws(ExportsError) -> [FlowServiceResource.Target] in
            let specs = await Dictionary(
                try store.baseConnections().map { ($0.id, $0.connectionSpecId) },
                uniquingKeysWith: { first, _ in first })
            return try await store.targetConnections().map {
                FlowServiceResource.Target($0, connectionSpecId: specs[$0.baseConnectionId] ?? "")
            }
        }
        return try Self.page(items, request: request, path: "targetConnections")
    }

    /// 204; 409 while a flow delivers to it.
    @Sendable func deleteTarget(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        try await access.withStore { store async throws(ExportsError) in try await store.deleteTargetConnection(id: id)
        }
        return Response(status: .noContent)
    }
}
