/// A failure to read or write a Parquet file, with a stable code and the context a user needs.
public struct ParquetError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable machine-readable error codes.
    public enum Code: String, Sendable {
        case badMagic = "PARQUET_BAD_MAGIC"
        case truncated = "PARQUET_TRUNCATED"
        case corruptMetadata = "PARQUET_CORRUPT_METADATA"
        case corruptPage = "PARQUET_CORRUPT_PAGE"
        case unsupported = "PARQUET_UNSUPPORTED"
        case schemaMismatch = "PARQUET_SCHEMA_MISMATCH"
        case invalidArgument = "PARQUET_INVALID_ARGUMENT"
        case io = "PARQUET_IO"
        /// Decoding the file would take more memory than its decode budget (`ParquetReader.Limits`) allows.
        case limitExceeded = "PARQUET_LIMIT_EXCEEDED"
    }

    /// What kind of failure this is.
    public var code: Code
    /// The file (path or name) the error is about, if known.
    public var file: String?
    /// Byte offset in the file (or in the structure being decoded), if known.
    public var offset: Int?
    /// Dotted path of the column the error is about, if known.
    public var fieldPath: String?
    /// What went wrong, for people.
    public var message: String

    /// Creates an error with optional context.
    public init(_ code: Code, _ message: String, file: String? = nil, offset: Int? = nil, fieldPath: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.offset = offset
        self.fieldPath = fieldPath
    }

    /// The same error with file context filled in where it was missing.
    func located(file: String?, fieldPath: String? = nil) -> ParquetError {
        var copy = self
        if copy.file == nil { copy.file = file }
        if copy.fieldPath == nil { copy.fieldPath = fieldPath }
        return copy
    }

    /// `[CODE] file @offset column path: message`.
    public var description: String {
        var parts = ["[\(code.rawValue)]"]
        if let file { parts.append(file) }
        if let offset { parts.append("@\(offset)") }
        if let fieldPath { parts.append("column \(fieldPath)") }
        return parts.joined(separator: " ") + ": " + message
    }
}
