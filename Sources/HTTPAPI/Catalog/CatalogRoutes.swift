import Exports
import Foundation
import Hummingbird
import Lake
import QueryService

/// `/data/foundation/catalog`: datasets, schemas and batches (AEP Catalog Service shapes: listings
/// are objects keyed by id; `x-total-count` carries the total for paging).
struct CatalogRoutes<Context: RequestContext>: Sendable {
    let lake: LakeAccess
    let maxJSONBytes: Int
    /// Refuses deleting a dataset an enabled flow exports (nil without the Flow Service).
    var exportGuard: DatasetExportGuard? = nil
    /// Where derived datasets' lineage is kept (nil without the Query Service).
    var queryStore: (any QueryStore)? = nil

    /// The lineage of the sandbox's derived datasets, by dataset id (empty without a store or on failure).
    func lineage(sandbox: String) async -> [String: DatasetLineage] {
        guard let queryStore, let all = try? await queryStore.lineage(sandbox: sandbox) else { return [:] }
        return Dictionary(all.map { ($0.datasetId, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func register(on group: RouterGroup<Context>) {
        group.get("dataSets", use: listDatasets)
        group.post("dataSets", use: createDataset)
        group.get("dataSets/:id", use: getDataset)
        group.delete("dataSets/:id", use: deleteDataset)
        group.get("schemas", use: listSchemas)
        group.get("schemas/:id", use: getSchema)
        group.get("batches", use: listBatches)
        group.get("batches/:id", use: getBatch)
    }

    static func totalHeader(_ total: Int) -> HTTPFields {
        var headers = HTTPFields()
        headers[.totalCount] = String(total)
        return headers
    }

    @Sendable func listDatasets(_ request: Request, context: Context) async throws -> Response {
        let (start, limit) = try request.paging()
        let filter = try PropertyFilter(request)
        let sandbox = request.sandbox
        let lineages = await lineage(sandbox: sandbox)
        let page = try await Self.page(
            start: start, limit: limit, filter: filter, resource: { DatasetResource($0, lineage: lineages[$0.id]) }
        ) {
            start, limit in
            try await lake.run { lake throws(LakeError) in
                try lake.datasets(sandbox: sandbox, start: start, limit: limit)
            }
        }
        return try JSONResponse.keyed(page.items.map { ($0.id, $0) }, headers: Self.totalHeader(page.total))
    }

    /// One page of resources. Without filter conditions this is the lake's page; with them every page is
    /// read, filtered, and then cut to `start`/`limit`.
    static func page<Item: Sendable, Resource: Encodable>(
        start: Int, limit: Int, filter: PropertyFilter, resource: (Item) -> Resource,
        fetch: (_ start: Int, _ limit: Int) async throws -> Page<Item>
    ) async throws -> (items: [Resource], total: Int) {
        guard !filter.isEmpty else {
            let page = try await fetch(start, limit)
            return (page.items.map(resource), page.total)
        }
        var matching: [Resource] = []
        var offset = 0
        while true {
            let page = try await fetch(offset, 1_000)
            matching += page.items.map(resource).filter(filter.matches)
            offset += page.items.count
            if page.items.isEmpty || offset >= page.total { break }
        }
        let slice = matching.dropFirst(start).prefix(limit)
        return (Array(slice), matching.count)
    }

    @Sendable func getDataset(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        let sandbox = request.sandbox
        let dataset = try await lake.run { lake throws(LakeError) in try lake.dataset(sandbox: sandbox, idOrName: id) }
        let lineages = await lineage(sandbox: sandbox)
        return try JSONResponse.keyed([(dataset.id, DatasetResource(dataset, lineage: lineages[dataset.id]))])
    }

    @Sendable func createDataset(_ request: Request, context: Context) async throws -> Response {
        let body = try await request.decodeJSON(DatasetCreationRequest.self, limit: maxJSONBytes)
        let sandbox = request.sandbox
        let dataset = try await lake.run { lake throws(LakeError) in
            try lake.createDataset(
                sandbox: sandbox, name: body.name, schemaDocument: body.schemaDocument, description: body.description)
        }
        var headers = HTTPFields()
        headers[.location] = "/data/foundation/catalog/dataSets/\(dataset.id)"
        return try JSONResponse.make(["@/dataSets/\(dataset.id)"], status: .created, headers: headers)
    }

    @Sendable func deleteDataset(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        let sandbox = request.sandbox
        let exportGuard = exportGuard
        if let exportGuard {
            let dataset = try await lake.run { lake throws(LakeError) in
                try lake.dataset(sandbox: sandbox, idOrName: id)
            }
            try await exportGuard.checkDeletable(dataset, sandbox: sandbox, named: id)
        }
        try await lake.run { lake throws(LakeError) in try lake.deleteDataset(sandbox: sandbox, id: id) }
        return try JSONResponse.make(["@/dataSets/\(id)"])
    }

    @Sendable func listSchemas(_ request: Request, context: Context) async throws -> Response {
        let (start, limit) = try request.paging()
        let sandbox = request.sandbox
        let page = try await lake.run { lake throws(LakeError) in
            try lake.schemas(sandbox: sandbox, start: start, limit: limit)
        }
        return try JSONResponse.keyed(page.items.map { ($0.id, $0) }, headers: Self.totalHeader(page.total))
    }

    @Sendable func getSchema(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        let sandbox = request.sandbox
        let schema = try await lake.run { lake throws(LakeError) in try lake.schema(sandbox: sandbox, id: id) }
        return try JSONResponse.keyed([(schema.id, schema)])
    }

    @Sendable func listBatches(_ request: Request, context: Context) async throws -> Response {
        let (start, limit) = try request.paging()
        let filter = try PropertyFilter(request)
        let sandbox = request.sandbox
        let dataset = request.uri.queryParameters["dataSet"].map(String.init)
        let page = try await Self.page(start: start, limit: limit, filter: filter, resource: BatchResource.init) {
            start, limit in
            try await lake.run { lake throws(LakeError) in
                try lake.batches(sandbox: sandbox, datasetId: dataset, start: start, limit: limit)
            }
        }
        return try JSONResponse.keyed(page.items.map { ($0.id, $0) }, headers: Self.totalHeader(page.total))
    }

    @Sendable func getBatch(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        let sandbox = request.sandbox
        let batch = try await lake.run { lake throws(LakeError) in try lake.batch(id: id) }
        guard batch.sandbox == sandbox else { throw Problem.notFound("batch '\(id)' not found") }
        return try JSONResponse.keyed([(batch.id, BatchResource(batch))])
    }
}
