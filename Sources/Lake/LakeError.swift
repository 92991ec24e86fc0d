public import Parquet

/// The one error type of the Lake module: a stable code, a human message and, where it applies, the
/// dotted field path and the file the error is about.
public struct LakeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable error codes (the raw values are what the HTTP API reports).
    public enum Code: String, Sendable, Hashable, Codable {
        case notFound = "NOT_FOUND"
        case alreadyExists = "ALREADY_EXISTS"
        case invalidSchema = "INVALID_SCHEMA"
        case invalidInput = "INVALID_INPUT"
        case batchNotLoading = "BATCH_NOT_LOADING"
        /// The batch failed; `errors` holds the first record errors.
        case ingestionFailed = "INGESTION_FAILED"
        case conflict = "CONFLICT"
        case storage = "STORAGE"
        case catalog = "CATALOG"
    }

    public var code: Code
    public var message: String
    /// Dotted path of the field the error is about (`web.webPageDetails.name`), if any.
    public var fieldPath: String?
    /// JSON path inside a schema document (`fields[3].fields[0].type`), for `.invalidSchema`.
    public var jsonPath: String?
    /// The input or lake file the error is about, if any.
    public var file: String?
    /// Record errors behind an `.ingestionFailed` (first 1,000).
    public var errors: [RecordError]

    public init(
        _ code: Code, _ message: String, fieldPath: String? = nil, jsonPath: String? = nil, file: String? = nil,
        errors: [RecordError] = []
    ) {
        self.code = code
        self.message = message
        self.fieldPath = fieldPath
        self.jsonPath = jsonPath
        self.file = file
        self.errors = errors
    }

    public var description: String {
        var parts = ["[\(code.rawValue)]"]
        if let file { parts.append("\(file):") }
        if let jsonPath { parts.append("\(jsonPath):") }
        if let fieldPath, !fieldPath.isEmpty { parts.append("(\(fieldPath))") }
        parts.append(message)
        return parts.joined(separator: " ")
    }
}

extension LakeError {
    package static func notFound(_ what: String, _ id: String) -> LakeError {
        LakeError(.notFound, "\(what) '\(id)' not found")
    }

    package static func catalog(_ error: any Error) -> LakeError {
        if let lake = error as? LakeError { return lake }
        return LakeError(.catalog, "catalog: \(error)")
    }

    static func storage(_ message: String, file: String? = nil) -> LakeError {
        LakeError(.storage, message, file: file)
    }
}
