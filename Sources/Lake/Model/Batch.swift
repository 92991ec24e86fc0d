public import Parquet

/// Lifecycle of a batch: `loading` (accepting files) then exactly one of the final states.
public enum BatchStatus: String, Sendable, Codable, Hashable, CaseIterable {
    case loading, success, failed, aborted
}

/// Input file format of a batch.
public enum IngestFormat: String, Sendable, Codable, Hashable, CaseIterable {
    /// Newline-delimited JSON, optionally gzip or zstd compressed.
    case json
    case csv
    case parquet
}

/// One ingestion batch (AEP Batch Ingestion style).
public struct Batch: Sendable, Codable {
    public var id: String
    public var sandbox: String
    public var datasetId: String
    public var status: BatchStatus
    public var format: IngestFormat
    /// Per-dataset commit number, set on success; increases with every committed batch.
    public var sequence: Int64?
    /// Rows committed.
    public var rowCount: Int64
    public var failedRecordCount: Int64
    /// Lake files, relative to the data directory.
    public var files: [String]
    /// Names of the uploaded input files.
    public var inputFiles: [String]
    /// The first 1,000 record errors.
    public var errors: [RecordError]
    public var errorSummary: String?
    public var clientBatchKey: String?
    /// Error threshold given at creation, used by `completeBatch` when it is called without one.
    public var maxErrorPercent: Double?
    /// Epoch milliseconds.
    public var created: Int64
    public var completed: Int64?

    public init(
        id: String, sandbox: String, datasetId: String, status: BatchStatus, format: IngestFormat,
        sequence: Int64? = nil, rowCount: Int64 = 0, failedRecordCount: Int64 = 0, files: [String] = [],
        inputFiles: [String] = [], errors: [RecordError] = [], errorSummary: String? = nil,
        clientBatchKey: String? = nil, maxErrorPercent: Double? = nil, created: Int64, completed: Int64? = nil
    ) {
        self.id = id
        self.sandbox = sandbox
        self.datasetId = datasetId
        self.status = status
        self.format = format
        self.sequence = sequence
        self.rowCount = rowCount
        self.failedRecordCount = failedRecordCount
        self.files = files
        self.inputFiles = inputFiles
        self.errors = errors
        self.errorSummary = errorSummary
        self.clientBatchKey = clientBatchKey
        self.maxErrorPercent = maxErrorPercent
        self.created = created
        self.completed = completed
    }
}
