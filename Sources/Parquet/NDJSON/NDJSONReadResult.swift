public import Columnar

/// What `NDJSONReader` made of one file: the valid records as batches, and why the others were rejected.
public struct NDJSONReadResult: Sendable {
    /// Valid records, converted to the schema's types, at most `batchSize` rows each.
    public var batches: [ColumnBatch]
    /// One entry per rejected record, in line order.
    public var errors: [RecordError]
    /// Non-blank lines seen.
    public var recordCount: Int
    /// Records accepted (the rows in `batches`).
    public var validCount: Int

    public init(batches: [ColumnBatch], errors: [RecordError], recordCount: Int, validCount: Int) {
        self.batches = batches
        self.errors = errors
        self.recordCount = recordCount
        self.validCount = validCount
    }
}
