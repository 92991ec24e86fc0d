import GRDB

/// Exports' tables in the lake's catalog database. Migration names start with `exports-`; append, never edit.
enum ExportMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("exports-v1") { db in
            try db.create(table: "export_entities") { t in
                t.column("kind", .text).notNull()
                t.column("id", .text).notNull()
                t.column("document", .text).notNull()
                t.column("version", .integer).notNull()
                t.primaryKey(["kind", "id"])
            }
            // Credentials live apart from the connection documents and are never returned by listings.
            try db.create(table: "export_credentials") { t in
                t.primaryKey("connectionId", .text)
                t.column("params", .text).notNull()
            }
            try db.create(table: "export_runs") { t in
                t.primaryKey("id", .text)
                t.column("flowId", .text).notNull()
                t.column("scheduledTime", .integer).notNull()
                t.column("status", .text).notNull()
                t.column("document", .text).notNull()
                t.uniqueKey(["flowId", "scheduledTime"])
            }
            try db.create(table: "export_ledger") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("flowId", .text).notNull()
                t.column("datasetId", .text).notNull()
                t.column("runId", .text).notNull()
                t.column("fromSequence", .integer).notNull()
                t.column("toSequence", .integer).notNull()
                t.column("status", .text).notNull()
            }
            try db.create(index: "export_ledger_flow_dataset", on: "export_ledger", columns: ["flowId", "datasetId"])
        }
        // The scheduler's pass reads, per flow, only its latest scheduled slot and whether it has an unfinished
        // run: `kind` becomes a column (copied from the documents) and both questions get an index.
        migrator.registerMigration("exports-v2-run-kind") { db in
            try db.alter(table: "export_runs") { t in
                t.add(column: "kind", .text).notNull().defaults(to: RunKind.scheduled.rawValue)
            }
            try db.execute(
                sql: """
                    UPDATE export_runs SET kind = COALESCE(json_extract(document, '$.kind'), 'scheduled')
                    """)
            try db.create(
                index: "export_runs_kind_flow_slot", on: "export_runs", columns: ["kind", "flowId", "scheduledTime"])
            try db.create(index: "export_runs_status", on: "export_runs", columns: ["status"])
            // The run queued before a given one (`previousRun(flowId:before:)`, the staging sweep): (flowId, rowid).
            try db.create(index: "export_runs_flow", on: "export_runs", columns: ["flowId"])
        }
        return migrator
    }
}
