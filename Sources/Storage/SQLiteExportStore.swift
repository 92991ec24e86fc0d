public import Exports
import Foundation
package import GRDB
public import Lake

/// The `FlowStore` in the catalog database (tables `export_*`, migrations `exports-*` in `StorageMigrations`):
/// connection and flow documents, sealed credentials in their own table, runs and the ledger. One slot of a flow
/// has at most one run (unique (flowId, scheduledTime)).
public final class SQLiteExportStore: FlowStore {
    package let pool: DatabasePool
    public let cipher: CredentialCipher

    /// The store in `catalog`'s database, sealing credentials with `cipher`.
    public init(catalog: SQLiteCatalog, cipher: CredentialCipher) {
        pool = catalog.pool
        self.cipher = cipher
    }

    /// The store in the lake's catalog database, sealing with `cipher` (the composition root opens the configured
    /// key: `OUTFLOW_SECRETS_KEY`, `OUTFLOW_SECRETS_KEY_FILE` or the data directory's key file).
    public convenience init(lake: Lake, cipher: CredentialCipher) throws(ExportsError) {
        let catalog: SQLiteCatalog
        do {
            catalog = try lake.sqliteCatalog()
        } catch {
            throw ExportsError(.lake, error.message, underlying: error)
        }
        self.init(catalog: catalog, cipher: cipher)
    }

    /// The store in the lake's catalog database, with the data key of the lake's layout (`secretsKeyPath`,
    /// created 0600 when missing). Tests and tools; `outflow` opens the configured key through `OutflowServices`.
    public convenience init(lake: Lake) throws(ExportsError) {
        try self.init(lake: lake, cipher: try CredentialCipher.loadOrCreate(keyPath: lake.layout.secretsKeyPath))
    }

    /// Runs `body` in a write transaction on GRDB's writer queue. The caller suspends instead of blocking a thread
    /// of the cooperative pool (a write can wait up to the busy timeout for another process's lock), and the write
    /// completes even when the calling task is cancelled: a run's bookkeeping at shutdown must still land.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(ExportsError) -> T {
        let result = await pool.suspendingWrite(body)
        do {
            return try result.get()
        } catch let error as ExportsError {
            throw error
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw ExportsError(.conflict, "already exists: \(error.message ?? "unique constraint")", underlying: error)
        } catch {
            throw ExportsError(.lake, "catalog write failed: \(error)", underlying: error)
        }
    }

    /// Runs `body` on one of GRDB's reader queues; the caller suspends meanwhile (cancellation does not cut it).
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(ExportsError) -> T {
        let result = await pool.suspendingRead(body)
        do {
            return try result.get()
        } catch let error as ExportsError {
            throw error
        } catch {
            throw ExportsError(.lake, "catalog read failed: \(error)", underlying: error)
        }
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    // MARK: Runs and ledger

    public func save(_ run: ExportRun) async throws(ExportsError) {
        let document = try Self.encodeOrThrow(run)
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO export_runs (id, flowId, scheduledTime, status, kind, document) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET status = excluded.status, document = excluded.document
                    """,
                arguments: [run.id, run.flowId, run.scheduledTime, run.status.rawValue, run.kind.rawValue, document])
        }
    }

    public func run(id: String) async throws(ExportsError) -> ExportRun? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT document FROM export_runs WHERE id = ?", arguments: [id])
                .map { try Self.decode(ExportRun.self, $0) }
        }
    }

    public func runs(flowId: String) async throws(ExportsError) -> [ExportRun] {
        try await read { db in
            try String.fetchAll(
                db, sql: "SELECT document FROM export_runs WHERE flowId = ? ORDER BY scheduledTime, id",
                arguments: [flowId]
            ).map { try Self.decode(ExportRun.self, $0) }
        }
    }

    public func record(_ entries: [LedgerEntry]) async throws(ExportsError) {
        try await write { db in
            for entry in entries {
                try db.execute(
                    sql: """
                        INSERT INTO export_ledger (flowId, datasetId, runId, fromSequence, toSequence, status)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        entry.flowId, entry.datasetId, entry.runId, entry.fromSequence, entry.toSequence,
                        entry.status.rawValue,
                    ])
            }
        }
    }

    public func watermark(flowId: String, datasetId: String) async throws(ExportsError) -> Int64 {
        try await read { db in
            try Int64.fetchOne(
                db,
                sql: """
                    SELECT COALESCE(MAX(toSequence), 0) FROM export_ledger
                    WHERE flowId = ? AND datasetId = ? AND status = 'success'
                    """, arguments: [flowId, datasetId]) ?? 0
        }
    }

    public func ledger(flowId: String) async throws(ExportsError) -> [LedgerEntry] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM export_ledger WHERE flowId = ? ORDER BY seq", arguments: [flowId])
                .map { row in
                    LedgerEntry(
                        flowId: row["flowId"], datasetId: row["datasetId"], runId: row["runId"],
                        fromSequence: row["fromSequence"], toSequence: row["toSequence"],
                        status: RunStatus(rawValue: row["status"]) ?? .failed)
                }
        }
    }

    static func encodeOrThrow<T: Encodable>(_ value: T) throws(ExportsError) -> String {
        do {
            return try encode(value)
        } catch {
            throw ExportsError(.encoding, "cannot encode \(T.self): \(error)", underlying: error)
        }
    }
}
