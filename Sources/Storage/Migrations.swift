import GRDB

/// Every table of the catalog database, in one migrator: the lake's (`v*`) and the export store's (`exports-*`).
/// Append migrations; never edit a released one. (Identifiers predate the merge: they were two migrators, so a
/// database migrated by either keeps its history.)
enum StorageMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-catalog") { db in
            try db.create(table: "sandboxes") { t in
                t.primaryKey("name", .text)
                t.column("created", .integer).notNull()
            }
            try db.create(table: "schemas") { t in
                t.primaryKey("id", .text)
                t.column("sandbox", .text).notNull().references("sandboxes", onDelete: .cascade)
                t.column("title", .text).notNull()
                t.column("schemaClass", .text).notNull()
                t.column("document", .text).notNull()
                t.column("version", .integer).notNull()
                t.column("labels", .text).notNull()
                t.column("created", .integer).notNull()
            }
            try db.create(table: "datasets") { t in
                t.primaryKey("id", .text)
                t.column("sandbox", .text).notNull().references("sandboxes", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("description", .text)
                t.column("schemaId", .text).notNull().references("schemas")
                t.column("labels", .text).notNull()
                t.column("created", .integer).notNull()
                t.column("updated", .integer).notNull()
                t.column("rowCount", .integer).notNull()
                t.column("sizeBytes", .integer).notNull()
                t.column("batchCount", .integer).notNull()
                t.uniqueKey(["sandbox", "name"])
            }
            try db.create(table: "batches") { t in
                t.primaryKey("id", .text)
                t.column("sandbox", .text).notNull()
                t.column("datasetId", .text).notNull().references("datasets", onDelete: .cascade)
                t.column("status", .text).notNull()
                t.column("format", .text).notNull()
                t.column("sequence", .integer)
                t.column("rowCount", .integer).notNull()
                t.column("failedRecordCount", .integer).notNull()
                t.column("inputFiles", .text).notNull()
                t.column("errorSummary", .text)
                t.column("clientBatchKey", .text)
                t.column("owner", .text).notNull()
                t.column("created", .integer).notNull()
                t.column("completed", .integer)
                t.uniqueKey(["datasetId", "clientBatchKey"])
                t.uniqueKey(["datasetId", "sequence"])
            }
            try db.create(index: "batches_by_status", on: "batches", columns: ["status"])
            try db.create(table: "batchFiles") { t in
                t.column("batchId", .text).notNull().references("batches", onDelete: .cascade)
                t.column("path", .text).notNull()
                t.column("rowCount", .integer).notNull()
                t.column("sizeBytes", .integer).notNull()
                t.primaryKey(["batchId", "path"])
            }
            try db.create(table: "batchErrors") { t in
                t.column("batchId", .text).notNull().references("batches", onDelete: .cascade)
                t.column("ordinal", .integer).notNull()
                t.column("file", .text).notNull()
                t.column("line", .integer).notNull()
                t.column("fieldPath", .text).notNull()
                t.column("reason", .text).notNull()
                t.primaryKey(["batchId", "ordinal"])
            }
        }
        migrator.registerMigration("v2-batch-max-error-percent") { db in
            try db.alter(table: "batches") { t in
                t.add(column: "maxErrorPercent", .double)
            }
        }
        migrator.registerMigration("v3-snake-case-batch-tables") { db in
            try db.rename(table: "batchFiles", to: "batch_files")
            try db.rename(table: "batchErrors", to: "batch_errors")
        }
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
                t.add(column: "kind", .text).notNull().defaults(to: "scheduled")
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
        // The fingerprint of the credential key (`SQLiteCredentialKeyRecord`): a start with the wrong key, or after a
        // rotation that committed but did not switch its key file, is recognised.
        migrator.registerMigration("exports-v3-settings") { db in
            try db.create(table: "export_settings") { t in
                t.primaryKey("name", .text)
                t.column("value", .text).notNull()
            }
        }
        // QueryService's views and derived datasets' lineage (`SQLiteQueryStore`).
        migrator.registerMigration("query-v1") { db in
            try db.create(table: "query_views") { t in
                t.column("sandbox", .text).notNull()
                t.column("name", .text).notNull()
                t.column("sql", .text).notNull()
                t.column("columns", .text).notNull()
                t.column("created", .integer).notNull()
                t.primaryKey(["sandbox", "name"])
            }
            try db.create(table: "query_lineage") { t in
                t.primaryKey("datasetId", .text)
                t.column("sandbox", .text).notNull()
                t.column("datasetName", .text).notNull()
                t.column("sql", .text).notNull()
                t.column("created", .integer).notNull()
            }
        }
        // The Query Service API's queries and schedules (`SQLiteQueryStore+Jobs`), and who made a derived dataset.
        migrator.registerMigration("query-v2-jobs") { db in
            try db.create(table: "query_jobs") { t in
                t.primaryKey("id", .text)
                t.column("sandbox", .text).notNull()
                t.column("state", .text).notNull()
                t.column("scheduleId", .text)
                t.column("slot", .integer)
                t.column("created", .integer).notNull()
                t.column("document", .text).notNull()
            }
            try db.create(index: "query_jobs_sandbox", on: "query_jobs", columns: ["sandbox", "created"])
            try db.create(index: "query_jobs_state", on: "query_jobs", columns: ["state"])
            try db.execute(
                sql: "CREATE UNIQUE INDEX query_jobs_slot ON query_jobs (scheduleId, slot) WHERE slot IS NOT NULL")
            try db.create(index: "query_jobs_schedule", on: "query_jobs", columns: ["scheduleId", "created"])
            try db.create(table: "query_schedules") { t in
                t.primaryKey("id", .text)
                t.column("sandbox", .text).notNull()
                t.column("created", .integer).notNull()
                t.column("document", .text).notNull()
            }
            try db.alter(table: "query_lineage") { t in
                t.add(column: "queryId", .text)
                t.add(column: "createdBy", .text)
            }
        }
        // Journey's connections and data views (`SQLiteJourneyStore`): JSON documents beside the columns they are
        // found by; names unique per sandbox.
        migrator.registerMigration("journey-v1") { db in
            try db.create(table: "journey_connections") { t in
                t.primaryKey("id", .text)
                t.column("sandbox", .text).notNull()
                t.column("name", .text).notNull()
                t.column("version", .integer).notNull()
                t.column("created", .integer).notNull()
                t.column("document", .text).notNull()
                t.uniqueKey(["sandbox", "name"])
            }
            try db.create(table: "journey_dataviews") { t in
                t.primaryKey("id", .text)
                t.column("sandbox", .text).notNull()
                t.column("name", .text).notNull()
                t.column("connectionId", .text).notNull()
                t.column("version", .integer).notNull()
                t.column("created", .integer).notNull()
                t.column("document", .text).notNull()
                t.uniqueKey(["sandbox", "name"])
            }
            try db.create(index: "journey_dataviews_connection", on: "journey_dataviews", columns: ["connectionId"])
        }
        // Journey's segments (`SQLiteJourneyStore+Segments`): JSON documents beside their sandbox and data view.
        migrator.registerMigration("journey-v2-segments") { db in
            try db.create(table: "journey_segments") { t in
                t.primaryKey("id", .text)
                t.column("sandbox", .text).notNull()
                t.column("dataId", .text).notNull()
                t.column("version", .integer).notNull()
                t.column("created", .integer).notNull()
                t.column("document", .text).notNull()
            }
            try db.create(index: "journey_segments_sandbox", on: "journey_segments", columns: ["sandbox", "created"])
        }
        migrator.registerMigration("journey-v3-calculated-metrics") { db in
            try db.create(table: "journey_calculated_metrics") { t in
                t.primaryKey("id", .text)
                t.column("sandbox", .text).notNull()
                t.column("name", .text).notNull()
                t.column("dataId", .text).notNull()
                t.column("version", .integer).notNull()
                t.column("created", .integer).notNull()
                t.column("document", .text).notNull()
            }
            try db.create(
                index: "journey_calculated_metrics_sandbox", on: "journey_calculated_metrics", columns: ["sandbox"])
        }
        // Journey's replay runs and privacy deletions (`SQLiteStitchingStore`): JSON documents beside the columns they
        // are found by; one scheduled run per (connection, slot); one deletion per (connection, transient id).
        migrator.registerMigration("journey-v4-stitching") { db in
            try db.create(table: "journey_stitching_runs") { t in
                t.primaryKey("id", .text)
                t.column("connectionId", .text).notNull()
                t.column("status", .text).notNull()
                t.column("slot", .integer)
                t.column("created", .integer).notNull()
                t.column("document", .text).notNull()
                t.uniqueKey(["connectionId", "slot"])
            }
            try db.create(index: "journey_stitching_runs_status", on: "journey_stitching_runs", columns: ["status"])
            try db.create(table: "journey_privacy_deletions") { t in
                t.primaryKey("id", .text)
                t.column("connectionId", .text).notNull()
                t.column("transientId", .text).notNull()
                t.column("created", .integer).notNull()
                t.column("document", .text).notNull()
                t.uniqueKey(["connectionId", "transientId"])
            }
        }
        return migrator
    }
}
