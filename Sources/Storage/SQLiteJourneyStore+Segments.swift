import GRDB
public import Journey

/// Journey's `SegmentStore` in the catalog database (table `journey_segments`, migration `journey-v2-segments`):
/// each segment is a JSON document beside its id, sandbox, data view and version; a save with `ifMatch` is one
/// write transaction that checks the stored version.
extension SQLiteJourneyStore: SegmentStore {
    public func segments(sandbox: String) async throws(JourneyError) -> [Segment] {
        try await read { db in
            try String.fetchAll(
                db, sql: "SELECT document FROM journey_segments WHERE sandbox = ? ORDER BY created, id",
                arguments: [sandbox]
            ).map { try Self.decode(Segment.self, $0) }
        }
    }

    public func segment(id: String) async throws(JourneyError) -> (segment: Segment, sandbox: String)? {
        try await read { db -> (segment: Segment, sandbox: String)? in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT document, sandbox FROM journey_segments WHERE id = ?", arguments: [id])
            else { return nil }
            return (try Self.decode(Segment.self, row["document"]), row["sandbox"])
        }
    }

    public func saveSegment(_ segment: Segment, sandbox: String, ifMatch: Int?) async throws(JourneyError) -> Segment {
        try await write { db in
            var stored = segment
            stored.version = try Self.checkVersion(table: "journey_segments", id: segment.id, ifMatch: ifMatch, db)
            try db.execute(
                sql: """
                    INSERT INTO journey_segments (id, sandbox, dataId, version, created, document)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET sandbox = excluded.sandbox, dataId = excluded.dataId,
                    version = excluded.version, document = excluded.document
                    """,
                arguments: [
                    stored.id, sandbox, stored.dataId, stored.version, stored.createdAt, try Self.encode(stored),
                ])
            return stored
        }
    }

    public func deleteSegment(id: String) async throws(JourneyError) {
        try await write { db in
            try db.execute(sql: "DELETE FROM journey_segments WHERE id = ?", arguments: [id])
            guard db.changesCount > 0 else { throw JourneyError(.notFound, "segment '\(id)' not found") }
        }
    }
}
