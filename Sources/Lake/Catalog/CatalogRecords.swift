import GRDB

// Rows of the catalog tables. Column names are the property names; array properties are stored as JSON text.

struct SandboxRow: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "sandboxes"
    var name: String
    var created: Int64
}

struct SchemaRow: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "schemas"
    var id: String
    var sandbox: String
    var title: String
    var schemaClass: String
    var document: String
    var version: Int
    var labels: [String]
    var created: Int64
}

struct DatasetRow: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "datasets"
    var id: String
    var sandbox: String
    var name: String
    var description: String?
    var schemaId: String
    var labels: [String]
    var created: Int64
    var updated: Int64
    var rowCount: Int64
    var sizeBytes: Int64
    var batchCount: Int
}

struct BatchRow: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "batches"
    var id: String
    var sandbox: String
    var datasetId: String
    var status: String
    var format: String
    var sequence: Int64?
    var rowCount: Int64
    var failedRecordCount: Int64
    var inputFiles: [String]
    var errorSummary: String?
    var clientBatchKey: String?
    /// Error threshold given at creation (AEP `partialIngestionPercentage`), used when completion gives none.
    var maxErrorPercent: Double?
    /// Token of the `Lake` instance that created the batch (its owner lock tells whether it is alive).
    var owner: String
    var created: Int64
    var completed: Int64?
}

struct BatchFileRow: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "batch_files"
    var batchId: String
    /// Relative to the data directory.
    var path: String
    var rowCount: Int64
    var sizeBytes: Int64
}

struct BatchErrorRow: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "batch_errors"
    var batchId: String
    var ordinal: Int
    var file: String
    var line: Int
    var fieldPath: String
    var reason: String
}
