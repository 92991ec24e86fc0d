import Foundation
package import GRDB
public import Journey

/// Journey's `JourneyStore` in the catalog database (tables `journey_connections`, `journey_dataviews`, migration
/// `journey-v1`): each connection and data view is a JSON document beside its id, sandbox, name (unique per
/// sandbox) and version. A save with `ifMatch` is one write transaction that checks the stored version; deleting a
/// connection that a data view uses is `.conflict`. Calls suspend on GRDB's own queues, never on the cooperative
/// pool.
public final class SQLiteJourneyStore: JourneyStore, SQLiteCatalogStore {
    package let pool: DatabasePool

    public init(catalog: SQLiteCatalog) {
        pool = catalog.pool
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(JourneyError) -> T {
        try Self.mapped(await pool.suspendingWrite(body))
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(JourneyError) -> T {
        try Self.mapped(await pool.suspendingRead(body))
    }

    static func mapped<T>(_ result: Result<T, any Error>) throws(JourneyError) -> T {
        switch result {
        case .success(let value): return value
        case .failure(let error as JourneyError): throw error
        case .failure(let error): throw JourneyError(.io, "catalog database: \(error)")
        }
    }

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// The stored version of row `id` in `table`, nil when absent: `ifMatch` must equal it (else `.conflict`
    /// naming `If-Match`); without `ifMatch` the id must be new.
    static func checkVersion(table: String, id: String, ifMatch: Int?, _ db: Database) throws -> Int {
        let stored = try Int.fetchOne(db, sql: "SELECT version FROM \(table) WHERE id = ?", arguments: [id])
        switch (stored, ifMatch) {
        case (nil, nil): return 1
        case (nil, .some): throw JourneyError(.notFound, "'\(id)' not found")
        case (.some, nil): throw JourneyError(.conflict, "'\(id)' already exists", field: "id")
        case (.some(let stored), .some(let expected)):
            guard stored == expected else {
                throw JourneyError(
                    .conflict, "'\(id)' is at version \(stored), not \(expected): reload and retry", field: "If-Match")
            }
            return stored + 1
        }
    }

    /// `.conflict` naming `name` when another row of `table` in `sandbox` has the name.
    static func checkName(table: String, sandbox: String, name: String, id: String, _ db: Database) throws {
        let taken =
            try String.fetchOne(
                db, sql: "SELECT id FROM \(table) WHERE sandbox = ? AND name = ? AND id != ?",
                arguments: [sandbox, name, id]) != nil
        if taken { throw JourneyError(.conflict, "the name '\(name)' is taken in sandbox '\(sandbox)'", field: "name") }
    }

    // MARK: Connections

    public func connections(sandbox: String) async throws(JourneyError) -> [JourneyConnection] {
        try await read { db in
            try String.fetchAll(
                db, sql: "SELECT document FROM journey_connections WHERE sandbox = ? ORDER BY created, id",
                arguments: [sandbox]
            ).map { try Self.decode(JourneyConnection.self, $0) }
        }
    }

    public func connection(id: String) async throws(JourneyError) -> JourneyConnection? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT document FROM journey_connections WHERE id = ?", arguments: [id])
                .map { try Self.decode(JourneyConnection.self, $0) }
        }
    }

    public func saveConnection(_ connection: JourneyConnection, ifMatch: Int?) async throws(JourneyError)
        -> JourneyConnection
    {
        try await write { db in
            var stored = connection
            stored.version = try Self.checkVersion(
                table: "journey_connections", id: connection.id, ifMatch: ifMatch, db)
            try Self.checkName(
                table: "journey_connections", sandbox: connection.sandbox, name: connection.name, id: connection.id,
                db)
            try db.execute(
                sql: """
                    INSERT INTO journey_connections (id, sandbox, name, version, created, document)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET sandbox = excluded.sandbox, name = excluded.name,
                    version = excluded.version, document = excluded.document
                    """,
                arguments: [
                    stored.id, stored.sandbox, stored.name, stored.version, stored.createdAt, try Self.encode(stored),
                ])
            return stored
        }
    }

    public func deleteConnection(id: String) async throws(JourneyError) {
        try await write { db in
            let users = try String.fetchAll(
                db, sql: "SELECT id FROM journey_dataviews WHERE connectionId = ? ORDER BY id", arguments: [id])
            guard users.isEmpty else {
                throw JourneyError(
                    .conflict, "connection '\(id)' is used by data view(s) \(users.joined(separator: ", "))")
            }
            try db.execute(sql: "DELETE FROM journey_connections WHERE id = ?", arguments: [id])
            guard db.changesCount > 0 else { throw JourneyError(.notFound, "connection '\(id)' not found") }
        }
    }

    // MARK: Data views

    public func dataViews(sandbox: String) async throws(JourneyError) -> [DataView] {
        try await read { db in
            try String.fetchAll(
                db, sql: "SELECT document FROM journey_dataviews WHERE sandbox = ? ORDER BY created, id",
                arguments: [sandbox]
            ).map { try Self.decode(DataView.self, $0) }
        }
    }

    public func dataView(id: String) async throws(JourneyError) -> DataView? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT document FROM journey_dataviews WHERE id = ?", arguments: [id])
                .map { try Self.decode(DataView.self, $0) }
        }
    }

    public func saveDataView(_ dataView: DataView, sandbox: String, ifMatch: Int?) async throws(JourneyError)
        -> DataView
    {
        try await write { db in
            var stored = dataView
            stored.version = try Self.checkVersion(table: "journey_dataviews", id: dataView.id, ifMatch: ifMatch, db)
            try Self.checkName(table: "journey_dataviews", sandbox: sandbox, name: dataView.name, id: dataView.id, db)
            let parent = try String.fetchOne(
                db, sql: "SELECT sandbox FROM journey_connections WHERE id = ?", arguments: [dataView.parentDataGroupId]
            )
            guard parent == sandbox else {
                throw JourneyError(
                    .invalid, "connection '\(dataView.parentDataGroupId)' does not exist in sandbox '\(sandbox)'",
                    field: "parentDataGroupId")
            }
            try db.execute(
                sql: """
                    INSERT INTO journey_dataviews (id, sandbox, name, connectionId, version, created, document)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET sandbox = excluded.sandbox, name = excluded.name,
                    connectionId = excluded.connectionId, version = excluded.version, document = excluded.document
                    """,
                arguments: [
                    stored.id, sandbox, stored.name, stored.parentDataGroupId, stored.version, stored.createdAt,
                    try Self.encode(stored),
                ])
            return stored
        }
    }

    public func deleteDataView(id: String) async throws(JourneyError) {
        try await write { db in
            try db.execute(sql: "DELETE FROM journey_dataviews WHERE id = ?", arguments: [id])
            guard db.changesCount > 0 else { throw JourneyError(.notFound, "data view '\(id)' not found") }
        }
    }
}
