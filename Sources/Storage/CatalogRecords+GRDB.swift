import GRDB
import Lake

// The lake's catalog rows as GRDB records: the table names live here, the columns are the rows' coding keys.
// Lake owns the rows, GRDB the protocols; only this target declares the conformances, since only it imports GRDB.

extension SandboxRow: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "sandboxes" }
}

extension SchemaRow: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "schemas" }
}

extension DatasetRow: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "datasets" }
}

extension BatchRow: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "batches" }
}

extension BatchFileRow: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "batch_files" }
}

extension BatchErrorRow: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "batch_errors" }
}
