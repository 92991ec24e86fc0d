import Columnar
import Parquet

/// What reading one input file yields: the valid records as batches of the dataset schema, and the errors.
struct FileReadResult: Sendable {
    var batches: [ColumnBatch] = []
    var errors: [RecordError] = []
    /// Records seen (non-blank lines, data rows).
    var recordCount = 0
    var validCount = 0

    var failedCount: Int { recordCount - validCount }
}
