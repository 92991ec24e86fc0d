import GRDB
public import Journey

/// Journey's `StitchingStore` in the catalog database (tables `journey_stitching_runs`,
/// `journey_privacy_deletions`, migration `journey-v4-stitching`): each run and deletion is a JSON document beside
/// the columns it is found by. Claiming a scheduled run is one write transaction (unique (connection, slot), and no
/// unfinished run of the connection). Calls suspend on GRDB's own queues, never on the cooperative pool.
public final class SQLiteStitchingStore: StitchingStore, SQLiteCatalogStore {
    /// The journey tables' store, whose transactions (errors mapped to `JourneyError`) this one uses.
    let journey: SQLiteJourneyStore

    public init(catalog: SQLiteCatalog) {
        journey = SQLiteJourneyStore(catalog: catalog)
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(JourneyError) -> T {
        try await journey.write(body)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(JourneyError) -> T {
        try await journey.read(body)
    }

    static func insert(_ run: StitchingRun, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO journey_stitching_runs (id, connectionId, status, slot, created, document)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET status = excluded.status, document = excluded.document
                """,
            arguments: [
                run.id, run.connectionId, run.status.rawValue, run.slot, run.createdAt,
                try SQLiteJourneyStore.encode(run),
            ])
    }

    static func runs(_ db: Database, where condition: String, _ arguments: StatementArguments) throws -> [StitchingRun]
    {
        try String.fetchAll(
            db, sql: "SELECT document FROM journey_stitching_runs WHERE \(condition) ORDER BY created DESC, rowid DESC",
            arguments: arguments
        ).map { try SQLiteJourneyStore.decode(StitchingRun.self, $0) }
    }

    public func saveRun(_ run: StitchingRun) async throws(JourneyError) {
        try await write { db in try Self.insert(run, db) }
    }

    public func claimScheduledRun(_ run: StitchingRun) async throws(JourneyError) -> Bool {
        try await write { db in
            let busy =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM journey_stitching_runs
                        WHERE connectionId = ? AND (status IN ('queued', 'running') OR slot = ?)
                        """,
                    arguments: [run.connectionId, run.slot]) ?? 0
            guard busy == 0 else { return false }
            try Self.insert(run, db)
            return true
        }
    }

    public func run(id: String) async throws(JourneyError) -> StitchingRun? {
        try await read { db in try Self.runs(db, where: "id = ?", [id]).first }
    }

    public func runs(connectionId: String) async throws(JourneyError) -> [StitchingRun] {
        try await read { db in try Self.runs(db, where: "connectionId = ?", [connectionId]) }
    }

    public func unfinishedRuns() async throws(JourneyError) -> [StitchingRun] {
        try await read { db in try Self.runs(db, where: "status IN ('queued', 'running')", []) }
    }

    public func saveDeletion(_ deletion: PrivacyDeletion) async throws(JourneyError) -> PrivacyDeletion {
        try await write { db in
            let sql = "SELECT document FROM journey_privacy_deletions WHERE connectionId = ? AND transientId = ?"
            if let stored = try String.fetchOne(db, sql: sql, arguments: [deletion.connectionId, deletion.transientId])
            {
                return try SQLiteJourneyStore.decode(PrivacyDeletion.self, stored)
            }
            try db.execute(
                sql: """
                    INSERT INTO journey_privacy_deletions (id, connectionId, transientId, created, document)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [
                    deletion.id, deletion.connectionId, deletion.transientId, deletion.createdAt,
                    try SQLiteJourneyStore.encode(deletion),
                ])
            return deletion
        }
    }

    public func deletions(connectionId: String) async throws(JourneyError) -> [PrivacyDeletion] {
        try await read { db in
            try String.fetchAll(
                db,
                sql: "SELECT document FROM journey_privacy_deletions WHERE connectionId = ? ORDER BY created, rowid",
                arguments: [connectionId]
            ).map { try SQLiteJourneyStore.decode(PrivacyDeletion.self, $0) }
        }
    }
}
