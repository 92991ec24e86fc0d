public import Columnar

/// A dataset: a named, schema-bound collection of committed batches.
public struct Dataset: Sendable, Codable {
    public var id: String
    public var sandbox: String
    public var name: String
    public var description: String?
    public var schemaId: String
    /// Dataset-level labels plus every field's labels, deduplicated, sorted.
    public var labels: [String]
    /// Epoch milliseconds.
    public var created: Int64
    public var updated: Int64
    /// Rows in committed batches.
    public var rowCount: Int64
    /// Bytes of committed lake files.
    public var sizeBytes: Int64
    /// Committed batches.
    public var batchCount: Int
    /// The dataset's Columnar schema (not encoded; empty after decoding).
    public var schema: Schema = Schema([])

    enum CodingKeys: String, CodingKey {
        case id, sandbox, name, description, schemaId, labels, created, updated, rowCount, sizeBytes, batchCount
    }

    public init(
        id: String, sandbox: String, name: String, description: String?, schemaId: String, labels: [String],
        created: Int64, updated: Int64, rowCount: Int64, sizeBytes: Int64, batchCount: Int, schema: Schema
    ) {
        self.id = id
        self.sandbox = sandbox
        self.name = name
        self.description = description
        self.schemaId = schemaId
        self.labels = labels
        self.created = created
        self.updated = updated
        self.rowCount = rowCount
        self.sizeBytes = sizeBytes
        self.batchCount = batchCount
        self.schema = schema
    }
}
