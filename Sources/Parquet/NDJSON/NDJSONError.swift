/// A failure of a whole NDJSON file or stream (as opposed to `RecordError`, which rejects one line).
public struct NDJSONError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The file's gzip or zstd compression is corrupt or truncated.
        case corruptCompression = "NDJSON_CORRUPT_COMPRESSION"
        /// The schema cannot be read or written as NDJSON (for example a map with non-string keys).
        case unsupportedSchema = "NDJSON_UNSUPPORTED_SCHEMA"
        /// The batch handed to a writer does not match its schema.
        case schemaMismatch = "NDJSON_SCHEMA_MISMATCH"
        /// The underlying sink or compressor failed.
        case writeFailed = "NDJSON_WRITE_FAILED"
        /// The writer was used after `close()`.
        case closed = "NDJSON_CLOSED"
        /// A line is longer than the reader's `maxLineBytes`, or compressed input expands past its limit.
        case limitExceeded = "NDJSON_LIMIT_EXCEEDED"
    }

    public var code: Code
    public var message: String
    /// The file the error is about, when known.
    public var file: String?

    public init(_ code: Code, _ message: String, file: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
    }

    public var description: String {
        if let file { return "\(code.rawValue) \(file): \(message)" }
        return "\(code.rawValue): \(message)"
    }
}
