import Foundation
public import Lake
public import NIOPosix

/// The journey API's operations over a `JourneyStore`, the lake and the `ReportEngine`: what the REST routes and
/// the CLI share. Creates and updates are validated (`JourneyValidator`, with the named datasets read from the lake
/// on NIO's blocking pool, never on the cooperative pool), stamped (ids `dg_…`/`dv_…`, times) and stored; reads
/// see only the caller's sandbox (a data view belongs to its connection's sandbox); reports find their data view by
/// id or name, check the request against it and run it.
public struct JourneyService: Sendable {
    public let store: any JourneyStore
    public let engine: ReportEngine
    public let lake: Lake
    let pool: NIOThreadPool
    let clock: @Sendable () -> Int64

    public init(
        store: any JourneyStore, engine: ReportEngine, lake: Lake, pool: NIOThreadPool = .singleton,
        clock: (@Sendable () -> Int64)? = nil
    ) {
        self.store = store
        self.engine = engine
        self.lake = lake
        self.pool = pool
        self.clock = clock ?? { Int64(Date().timeIntervalSince1970 * 1_000) }
    }

    /// A new id: `prefix` and 24 hex digits.
    static func makeId(_ prefix: String) -> String {
        let hex = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return prefix + String(hex.prefix(24))
    }

    // MARK: Connections

    public func connections(sandbox: String) async throws(JourneyError) -> [JourneyConnection] {
        try await store.connections(sandbox: sandbox)
    }

    /// The connection `id` of `sandbox`, else `.notFound`.
    public func connection(id: String, sandbox: String) async throws(JourneyError) -> JourneyConnection {
        guard let connection = try await store.connection(id: id), connection.sandbox == sandbox else {
            throw JourneyError(.notFound, "connection '\(id)' not found")
        }
        return connection
    }

    /// Validates and stores a new connection (a fresh `dg_…` id, version 1) in `sandbox`.
    public func createConnection(_ draft: JourneyConnection, sandbox: String) async throws(JourneyError)
        -> JourneyConnection
    {
        var connection = draft
        connection.id = Self.makeId("dg_")
        connection.sandbox = sandbox
        connection.version = 1
        connection.createdAt = clock()
        connection.modifiedAt = connection.createdAt
        try await validator(for: connection).validate(connection)
        return try await store.saveConnection(connection, ifMatch: nil)
    }

    /// Replaces connection `id` when its version is `ifMatch` (`.conflict` otherwise).
    public func updateConnection(_ draft: JourneyConnection, id: String, sandbox: String, ifMatch: Int)
        async throws(JourneyError) -> JourneyConnection
    {
        let current = try await connection(id: id, sandbox: sandbox)
        var connection = draft
        connection.id = current.id
        connection.sandbox = sandbox
        connection.version = current.version
        connection.createdAt = current.createdAt
        connection.modifiedAt = clock()
        try await validator(for: connection).validate(connection)
        return try await store.saveConnection(connection, ifMatch: ifMatch)
    }

    /// Deletes connection `id`; `.conflict` while a data view uses it.
    public func deleteConnection(id: String, sandbox: String) async throws(JourneyError) {
        _ = try await connection(id: id, sandbox: sandbox)
        try await store.deleteConnection(id: id)
    }

    // MARK: Data views

    public func dataViews(sandbox: String) async throws(JourneyError) -> [DataView] {
        try await store.dataViews(sandbox: sandbox)
    }

    /// The data view `idOrName` of `sandbox` (by id, else by name), else `.notFound`.
    public func dataView(_ idOrName: String, sandbox: String) async throws(JourneyError) -> DataView {
        if let view = try await store.dataView(id: idOrName),
            let parent = try await store.connection(id: view.parentDataGroupId), parent.sandbox == sandbox
        {
            return view
        }
        if let view = try await store.dataViews(sandbox: sandbox).first(where: { $0.name == idOrName }) {
            return view
        }
        throw JourneyError(.notFound, "data view '\(idOrName)' not found")
    }

    /// Validates and stores a new data view (a fresh `dv_…` id, version 1) over a connection of `sandbox`.
    public func createDataView(_ draft: DataView, sandbox: String) async throws(JourneyError) -> DataView {
        var view = draft
        view.id = Self.makeId("dv_")
        view.version = 1
        view.createdAt = clock()
        view.modifiedAt = view.createdAt
        try await validate(view, sandbox: sandbox)
        return try await store.saveDataView(view, sandbox: sandbox, ifMatch: nil)
    }

    /// Replaces data view `id` when its version is `ifMatch` (`.conflict` otherwise).
    public func updateDataView(_ draft: DataView, id: String, sandbox: String, ifMatch: Int) async throws(JourneyError)
        -> DataView
    {
        let current = try await dataViewById(id, sandbox: sandbox)
        var view = draft
        view.id = current.id
        view.version = current.version
        view.createdAt = current.createdAt
        view.modifiedAt = clock()
        try await validate(view, sandbox: sandbox)
        return try await store.saveDataView(view, sandbox: sandbox, ifMatch: ifMatch)
    }

    public func deleteDataView(id: String, sandbox: String) async throws(JourneyError) {
        _ = try await dataViewById(id, sandbox: sandbox)
        try await store.deleteDataView(id: id)
    }

    /// The data view with this id (not name) in `sandbox`, else `.notFound`.
    public func dataViewById(_ id: String, sandbox: String) async throws(JourneyError) -> DataView {
        guard let view = try await store.dataView(id: id),
            let parent = try await store.connection(id: view.parentDataGroupId), parent.sandbox == sandbox
        else { throw JourneyError(.notFound, "data view '\(id)' not found") }
        return view
    }

    func validate(_ view: DataView, sandbox: String) async throws(JourneyError) {
        guard let parent = try await store.connection(id: view.parentDataGroupId), parent.sandbox == sandbox else {
            try JourneyValidator(datasets: [:]).validate(view, connection: nil)
            return
        }
        try await validator(for: parent).validate(view, connection: parent)
    }

    // MARK: Reports

    /// Runs `request` on its data view (`dataId`, an id or a name) in `sandbox`.
    public func report(_ request: ReportRequest, sandbox: String) async throws(JourneyError) -> ReportResponse {
        let view: DataView
        do {
            view = try await dataView(request.dataId, sandbox: sandbox)
        } catch  where error.code == .notFound {
            throw JourneyError(.notFound, error.message, field: "dataId")
        }
        let calculated = try await calculatedMetrics(for: request, dataView: view, sandbox: sandbox)
        try JourneyValidator.validate(
            CalculatedColumns.validationRequest(request, dataView: view, calculated: calculated), dataView: view)
        let connection = try await connection(id: view.parentDataGroupId, sandbox: sandbox)
        var resolved = try await resolvingSegments(request, sandbox: sandbox)
        resolved.dataId = view.id
        return try await engine.run(resolved, dataView: view, connection: connection, calculatedMetrics: calculated)
    }

    // MARK: Lake

    /// A validator that knows the datasets `connection` names (those that exist in its sandbox).
    func validator(for connection: JourneyConnection) async throws(JourneyError) -> JourneyValidator {
        let lake = self.lake
        let sandbox = connection.sandbox
        let names = connection.dataSets.map(\.datasetId)
        do {
            let datasets = try await pool.runIfActive { () throws -> [String: Dataset] in
                var found: [String: Dataset] = [:]
                for name in names {
                    do {
                        found[name] = try lake.dataset(sandbox: sandbox, idOrName: name)
                    } catch let error as LakeError where error.code == .notFound {
                        continue
                    }
                }
                return found
            }
            return JourneyValidator(datasets: datasets)
        } catch {
            throw JourneyError(.io, "cannot read the connection's datasets: \(error)")
        }
    }
}
