/// One committed Parquet file of a dataset.
public struct LakeFile: Sendable, Codable, Hashable {
    /// Absolute path.
    public var path: String
    public var batchId: String
    public var sequence: Int64
    public var rowCount: Int64
    public var sizeBytes: Int64

    public init(path: String, batchId: String, sequence: Int64, rowCount: Int64, sizeBytes: Int64) {
        self.path = path
        self.batchId = batchId
        self.sequence = sequence
        self.rowCount = rowCount
        self.sizeBytes = sizeBytes
    }
}

/// Progress of a batch completion, reported per input file as records are read.
public struct IngestProgress: Sendable {
    public var file: String
    public var recordsRead: Int64
    public var bytesRead: Int64
    public var totalBytes: Int64

    public init(file: String, recordsRead: Int64, bytesRead: Int64, totalBytes: Int64) {
        self.file = file
        self.recordsRead = recordsRead
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
    }
}
