import GRDB

/// The catalog's versioned schema. Append migrations; never edit a released one.
enum CatalogMigrations {
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
        return migrator
    }
}
