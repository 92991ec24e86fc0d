import Foundation
import GRDB
public import Journey

/// Calculated metrics in the catalog database (table `journey_calculated_metrics`, migration
/// `journey-v3-calculated-metrics`): each a JSON document beside its id, sandbox, name, data view and version.
/// Saves with `ifMatch` check the stored version in the same write transaction.
extension SQLiteJourneyStore: CalculatedMetricStore {
    public func calculatedMetrics(sandbox: String) async throws(JourneyError) -> [CalculatedMetric] {
        try await read { db in
            try String.fetchAll(
                db, sql: "SELECT document FROM journey_calculated_metrics WHERE sandbox = ? ORDER BY created, id",
                arguments: [sandbox]
            ).map { try Self.decode(CalculatedMetric.self, $0) }
        }
    }

    public func calculatedMetric(id: String, sandbox: String) async throws(JourneyError) -> CalculatedMetric? {
        try await read { db in
            try String.fetchOne(
                db, sql: "SELECT document FROM journey_calculated_metrics WHERE id = ? AND sandbox = ?",
                arguments: [id, sandbox]
            ).map { try Self.decode(CalculatedMetric.self, $0) }
        }
    }

    public func saveCalculatedMetric(_ metric: CalculatedMetric, sandbox: String, ifMatch: Int?)
        async throws(JourneyError) -> CalculatedMetric
    {
        try await write { db in
            var stored = metric
            stored.version = try Self.checkVersion(
                table: "journey_calculated_metrics", id: metric.id, ifMatch: ifMatch, db)
            try db.execute(
                sql: """
                    INSERT INTO journey_calculated_metrics (id, sandbox, name, dataId, version, created, document)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET name = excluded.name, dataId = excluded.dataId,
                    version = excluded.version, document = excluded.document
                    WHERE journey_calculated_metrics.sandbox = excluded.sandbox
                    """,
                arguments: [
                    stored.id, sandbox, stored.name, stored.dataId, stored.version, stored.createdAt,
                    try Self.encode(stored),
                ])
            guard db.changesCount > 0 else { throw JourneyError(.notFound, "'\(metric.id)' not found") }
            return stored
        }
    }

    public func deleteCalculatedMetric(id: String, sandbox: String) async throws(JourneyError) {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM journey_calculated_metrics WHERE id = ? AND sandbox = ?", arguments: [id, sandbox])
            guard db.changesCount > 0 else { throw JourneyError(.notFound, "calculated metric '\(id)' not found") }
        }
    }
}
