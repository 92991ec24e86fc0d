/// What a finished Parquet file holds.
public struct ParquetFileSummary: Sendable, Hashable {
    /// Rows written.
    public var rowCount: Int
    /// Row groups written.
    public var rowGroups: Int
    /// Size of the file in bytes.
    public var bytesWritten: Int

    /// Creates a summary.
    public init(rowCount: Int, rowGroups: Int, bytesWritten: Int) {
        self.rowCount = rowCount
        self.rowGroups = rowGroups
        self.bytesWritten = bytesWritten
    }
}
