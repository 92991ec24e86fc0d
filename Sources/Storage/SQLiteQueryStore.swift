import Foundation
package import GRDB
public import QueryService

/// QueryService's `QueryStore` in the catalog database (tables `query_views`, `query_lineage`, migration
/// `query-v1`): views as their SQL text and column names, derived datasets' lineage. Calls suspend on GRDB's
/// own queues, never on the cooperative pool.
public final class SQLiteQueryStore: QueryStore, SQLiteCatalogStore {
    package let pool: DatabasePool

    public init(catalog: SQLiteCatalog) {
        pool = catalog.pool
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.suspendingWrite(body).get()
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.suspendingRead(body).get()
    }

    public func views(sandbox: String) async throws -> [StoredView] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT name, sql, columns, created FROM query_views WHERE sandbox = ? ORDER BY name",
                arguments: [sandbox]
            ).map { row in
                let columns: String = row["columns"]
                return StoredView(
                    sandbox: sandbox, name: row["name"], sql: row["sql"],
                    columns: (try? JSONDecoder().decode([String].self, from: Data(columns.utf8))) ?? [],
                    created: row["created"])
            }
        }
    }

    public func saveView(_ view: StoredView, replace: Bool) async throws -> Bool {
        let columns = String(decoding: try JSONEncoder().encode(view.columns), as: UTF8.self)
        return try await write { db in
            let exists =
                try Int.fetchOne(
                    db, sql: "SELECT 1 FROM query_views WHERE sandbox = ? AND name = ?",
                    arguments: [view.sandbox, view.name]) != nil
            if exists, !replace { return false }
            try db.execute(
                sql: """
                    INSERT INTO query_views (sandbox, name, sql, columns, created) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(sandbox, name) DO UPDATE SET sql = excluded.sql, columns = excluded.columns
                    """,
                arguments: [view.sandbox, view.name, view.sql, columns, view.created])
            return true
        }
    }

    public func deleteView(sandbox: String, name: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM query_views WHERE sandbox = ? AND name = ?", arguments: [sandbox, name])
            return db.changesCount > 0
        }
    }

    public func lineage(sandbox: String) async throws -> [DatasetLineage] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT datasetId, datasetName, sql, created, queryId, createdBy FROM query_lineage WHERE sandbox = ?",
                arguments: [sandbox]
            ).map { row in
                DatasetLineage(
                    datasetId: row["datasetId"], sandbox: sandbox, datasetName: row["datasetName"], sql: row["sql"],
                    created: row["created"], queryId: row["queryId"], createdBy: row["createdBy"])
            }
        }
    }

    public func saveLineage(_ lineage: DatasetLineage) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO query_lineage (datasetId, sandbox, datasetName, sql, created, queryId, createdBy)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(datasetId) DO UPDATE SET datasetName = excluded.datasetName, sql = excluded.sql,
                    queryId = excluded.queryId, createdBy = excluded.createdBy
                    """,
                arguments: [
                    lineage.datasetId, lineage.sandbox, lineage.datasetName, lineage.sql, lineage.created,
                    lineage.queryId, lineage.createdBy,
                ])
        }
    }

    public func deleteLineage(datasetId: String) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM query_lineage WHERE datasetId = ?", arguments: [datasetId])
        }
    }
}
