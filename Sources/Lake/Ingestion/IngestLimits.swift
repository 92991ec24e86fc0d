public import Parquet

/// Bounds on what one input file may make batch ingestion hold or decode (SECURITY.md, "Untrusted files").
/// Passing one fails the file (and the batch) with an `.invalidInput` error that names the limit.
public struct IngestLimits: Sendable, Hashable {
    /// Longest NDJSON line or CSV record, in bytes. Default 16 MiB.
    public var maxRecordBytes: Int
    /// Most cells in one CSV record (the header included). Default 10,000.
    public var maxColumns: Int
    /// Decompressed bytes a gzip or zstd NDJSON/CSV file may produce regardless of its size. Default 64 MiB.
    public var decompressedBytesFloor: Int
    /// Further decompressed bytes per byte of compressed file. Default 200 (text rarely compresses better;
    /// zstd can reach 32,768 on purpose).
    public var decompressedBytesPerFileByte: Int
    /// The decode budget for Parquet files (`ParquetReader.Limits.default`: 32 MiB + 256 x file size).
    public var parquet: ParquetReader.Limits

    public init(
        maxRecordBytes: Int = 16 << 20, maxColumns: Int = 10_000, decompressedBytesFloor: Int = 64 << 20,
        decompressedBytesPerFileByte: Int = 200, parquet: ParquetReader.Limits = .default
    ) {
        self.maxRecordBytes = maxRecordBytes
        self.maxColumns = maxColumns
        self.decompressedBytesFloor = decompressedBytesFloor
        self.decompressedBytesPerFileByte = decompressedBytesPerFileByte
        self.parquet = parquet
    }

    /// The decompressed-size limit for a compressed file of `fileSize` bytes (saturating).
    public func decompressedBytes(forFileOfSize fileSize: Int) -> Int {
        let (scaled, overflow) = max(0, fileSize).multipliedReportingOverflow(by: max(0, decompressedBytesPerFileByte))
        if overflow { return .max }
        let (total, overflow2) = max(0, decompressedBytesFloor).addingReportingOverflow(scaled)
        return overflow2 ? .max : total
    }
}
