/// Errors raised while building or reading columns.
public struct ColumnarError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case typeMismatch = "TYPE_MISMATCH"
        case nullInRequiredField = "NULL_IN_REQUIRED_FIELD"
        case lengthMismatch = "LENGTH_MISMATCH"
        case outOfRange = "OUT_OF_RANGE"
    }

    public var code: Code
    public var message: String
    /// Dotted path of the field the error is about, if known.
    public var fieldPath: String?

    public init(_ code: Code, _ message: String, fieldPath: String? = nil) {
        self.code = code
        self.message = message
        self.fieldPath = fieldPath
    }

    public var description: String {
        if let fieldPath { return "\(fieldPath): \(message)" }
        return message
    }
}
