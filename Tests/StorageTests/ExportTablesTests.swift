import Exports
import Foundation
import GRDB
import Lake
import OutflowTestSupport
import Testing

@testable import Storage

@Suite struct ExportTablesTests {
    @Test func credentialsAreSealedInTheirOwnTable() async throws {
        let directory = TestDirectory()
        let store = try SQLiteExportStore(lake: Lake(dataDirectory: directory.path))
        try await store.saveBaseConnection(
            BaseConnection(
                id: "b", name: "s3", connectionSpecId: ConnectionSpecCatalog.amazonS3, authSpecName: "Access Key",
                authParams: ["s3AccessKey": "AKIAEXAMPLE", "s3SecretKey": "very-secret-value"]))
        let raw = try await store.pool.read { db in
            try String.fetchOne(db, sql: "SELECT params FROM export_credentials WHERE connectionId = 'b'")
        }
        #expect(raw?.hasPrefix("v2:") == true && raw?.contains("very-secret") == false)
        let document = try await store.pool.read { db in
            try String.fetchOne(db, sql: "SELECT document FROM export_entities WHERE id = 'b'")
        }
        #expect(document?.contains("very-secret") == false)
    }

    @Test func theSchedulerQueriesAreIndexLookups() throws {
        let directory = TestDirectory()
        let store = try SQLiteExportStore(lake: Lake(dataDirectory: directory.path))
        let plans = try store.pool.read { db in
            [
                try Row.fetchAll(
                    db, sql: "EXPLAIN QUERY PLAN " + SQLiteExportStore.latestScheduledSlotSQL, arguments: ["f"]),
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SQLiteExportStore.unfinishedFlowsSQL),
                try Row.fetchAll(
                    db, sql: "EXPLAIN QUERY PLAN " + SQLiteExportStore.previousRunSQL, arguments: ["f", "r"]),
            ].map { rows in rows.map { $0["detail"] as String? ?? "" }.joined(separator: "; ") }
        }
        #expect(plans[0].contains("USING COVERING INDEX export_runs_kind_flow_slot"), "\(plans[0])")
        #expect(plans[1].contains("USING INDEX export_runs_status"), "\(plans[1])")
        #expect(plans[2].contains("USING INDEX export_runs_flow (flowId=? AND rowid<?)"), "\(plans[2])")
    }

    @Test func runsStoredBeforeTheKindColumnKeepTheirKind() throws {
        let queue = try DatabaseQueue()
        try StorageMigrations.migrator.migrate(queue, upTo: "exports-v1")
        try queue.write { db in
            for (slot, (id, kind)) in [("b", "\"backfill\""), ("a", "\"adHoc\""), ("old", "null")].enumerated() {
                try db.execute(
                    sql:
                        "INSERT INTO export_runs (id, flowId, scheduledTime, status, document) VALUES (?, 'f', ?, 'success', ?)",
                    arguments: [id, slot, "{\"id\": \"\(id)\", \"kind\": \(kind)}"])
            }
        }
        try StorageMigrations.migrator.migrate(queue)
        let kinds = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, kind FROM export_runs ORDER BY id").map {
                "\($0["id"] as String):\($0["kind"] as String)"
            }
        }
        #expect(kinds == ["a:adHoc", "b:backfill", "old:scheduled"])
    }
}
