// Interim copy of the Parquet module's `RecordError` (Sources/Parquet/NDJSON/RecordError.swift) until the
// NDJSON work lands on main; then this file is deleted and the Parquet one is used.

/// One invalid input record: where it is and why it was rejected.
public struct RecordError: Error, Sendable, Hashable, Codable {
    /// The input file name.
    public var file: String
    /// 1-based line (NDJSON, CSV) or row (Parquet) number.
    public var line: Int
    /// Dotted field path; "" when the whole record is bad.
    public var fieldPath: String
    public var reason: String

    public init(file: String, line: Int, fieldPath: String, reason: String) {
        self.file = file
        self.line = line
        self.fieldPath = fieldPath
        self.reason = reason
    }
}
