/// Where a sandbox's views and its derived datasets' lineage are kept (the catalog database: `Storage`'s
/// `SQLiteQueryStore`). Calls never block the cooperative pool.
public protocol QueryStore: Sendable {
    /// The sandbox's views, by name.
    func views(sandbox: String) async throws -> [StoredView]
    /// Stores `view`; with `replace` an existing view of that name is replaced. False when the name is taken
    /// and `replace` is false.
    func saveView(_ view: StoredView, replace: Bool) async throws -> Bool
    /// Deletes a view; false when there was none.
    func deleteView(sandbox: String, name: String) async throws -> Bool
    /// Lineage of the sandbox's derived datasets.
    func lineage(sandbox: String) async throws -> [DatasetLineage]
    /// Records (or replaces) a derived dataset's lineage.
    func saveLineage(_ lineage: DatasetLineage) async throws
    func deleteLineage(datasetId: String) async throws
}

/// Who runs a session's statements, recorded in the lineage of the datasets they create.
public struct QueryOrigin: Sendable, Hashable {
    public var queryId: String?
    public var createdBy: String?

    public init(queryId: String?, createdBy: String?) {
        self.queryId = queryId
        self.createdBy = createdBy
    }
}

/// A view as stored: its defining query's SQL text and output column names.
public struct StoredView: Sendable, Hashable, Codable {
    public var sandbox: String
    public var name: String
    /// The defining query (`SELECT ...`), as PostgreSQL's `pg_views.definition` holds it.
    public var sql: String
    public var columns: [String]
    /// Epoch milliseconds.
    public var created: Int64

    public init(sandbox: String, name: String, sql: String, columns: [String], created: Int64) {
        self.sandbox = sandbox
        self.name = name
        self.sql = sql
        self.columns = columns
        self.created = created
    }
}

/// How a derived dataset was made: the statement that created it, in which sandbox. A dataset with lineage is
/// derived (made by `CREATE TABLE AS`): `DROP TABLE` may delete it, and SQL does not show its `_id` column.
public struct DatasetLineage: Sendable, Hashable, Codable {
    public var datasetId: String
    public var sandbox: String
    public var datasetName: String
    /// The `CREATE TABLE ... AS ...` statement's text.
    public var sql: String
    /// Epoch milliseconds.
    public var created: Int64
    /// The Query Service API query that ran the statement, if one did.
    public var queryId: String?
    /// Who ran it: `API`, `schedule <id>`, or nil (the CLI, a session without an origin).
    public var createdBy: String?

    public init(
        datasetId: String, sandbox: String, datasetName: String, sql: String, created: Int64, queryId: String? = nil,
        createdBy: String? = nil
    ) {
        self.datasetId = datasetId
        self.sandbox = sandbox
        self.datasetName = datasetName
        self.sql = sql
        self.created = created
        self.queryId = queryId
        self.createdBy = createdBy
    }
}
