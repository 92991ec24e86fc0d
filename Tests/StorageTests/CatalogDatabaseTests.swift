import Foundation
import GRDB
import Lake
import OutflowTestSupport
import Testing

@testable import Storage

@Suite struct CatalogMigrationTests {
    static let schema = #"{"title": "Orders", "class": "Record", "fields": [{"name": "_id", "type": "string"}]}"#

    @Test func reopeningRunsNoMigrationTwice() throws {
        let directory = TestDirectory()
        let migrations: [String]
        do {
            let lake = try Lake(dataDirectory: directory.path)
            _ = try lake.createDataset(sandbox: "prod", name: "o", schemaDocument: Array(Self.schema.utf8))
            migrations = try lake.sqliteCatalog().appliedMigrations()
        }
        let reopened = try Lake(dataDirectory: directory.path)
        #expect(try reopened.sqliteCatalog().appliedMigrations() == migrations)
        try StorageMigrations.migrator.migrate(reopened.sqliteCatalog().pool)
        #expect(try reopened.datasets(sandbox: "prod").total == 1)
    }
}

@Suite(.onDedicatedThreads) struct CatalogSchemaTests {
    @Test func catalogHasTheDocumentedTables() throws {
        let directory = TestDirectory()
        let lake = try Lake(dataDirectory: directory.path)
        let tables = try lake.sqliteCatalog().read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        let documented = [
            "sandboxes", "schemas", "datasets", "batches", "batch_files", "batch_errors", "export_settings",
            "query_views", "query_lineage", "query_jobs", "query_schedules", "journey_connections", "journey_dataviews",
            "journey_segments", "journey_calculated_metrics",
            "journey_stitching_runs", "journey_privacy_deletions",
        ]
        for table in documented {
            #expect(tables.contains(table), "missing table \(table)")
        }
        #expect(try lake.sqliteCatalog().appliedMigrations().count == 12)
    }
}
