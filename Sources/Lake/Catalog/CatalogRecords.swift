// Rows of the catalog tables, as the catalog store (`LakeCatalog`) takes and returns them. Column names are the
// property names; array properties are stored as JSON text. No storage library appears here: the `Storage`
// target maps these to its tables.

package struct SandboxRow: Codable, Sendable, Equatable {
    package var name: String
    package var created: Int64
}

package struct SchemaRow: Codable, Sendable, Equatable {
    package var id: String
    package var sandbox: String
    package var title: String
    package var schemaClass: String
    package var document: String
    package var version: Int
    package var labels: [String]
    package var created: Int64
}

package struct DatasetRow: Codable, Sendable, Equatable {
    package var id: String
    package var sandbox: String
    package var name: String
    package var description: String?
    package var schemaId: String
    package var labels: [String]
    package var created: Int64
    package var updated: Int64
    package var rowCount: Int64
    package var sizeBytes: Int64
    package var batchCount: Int
}

package struct BatchRow: Codable, Sendable, Equatable {
    package var id: String
    package var sandbox: String
    package var datasetId: String
    package var status: String
    package var format: String
    package var sequence: Int64?
    package var rowCount: Int64
    package var failedRecordCount: Int64
    package var inputFiles: [String]
    package var errorSummary: String?
    package var clientBatchKey: String?
    /// Error threshold given at creation (AEP `partialIngestionPercentage`), used when completion gives none.
    package var maxErrorPercent: Double?
    /// Token of the `Lake` instance that created the batch (its owner lock tells whether it is alive).
    package var owner: String
    package var created: Int64
    package var completed: Int64?
}

package struct BatchFileRow: Codable, Sendable, Equatable {
    package var batchId: String
    /// Relative to the data directory.
    package var path: String
    package var rowCount: Int64
    package var sizeBytes: Int64
}

package struct BatchErrorRow: Codable, Sendable, Equatable {
    package var batchId: String
    package var ordinal: Int
    package var file: String
    package var line: Int
    package var fieldPath: String
    package var reason: String
}
