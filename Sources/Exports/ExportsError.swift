/// An Exports failure with a stable code, the field it concerns (a JSON path such as
/// `scheduleParams.interval`) and context.
public struct ExportsError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// Stable error codes (raw values are part of the API).
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// A request field is missing or has a bad value; `field` names it.
        case invalidField
        /// A referenced dataset, connection, flow or run does not exist.
        case notFound
        /// The flow already has a run in progress, or an etag does not match.
        case conflict
        /// The destination failed; `retryable` tells whether a retry may help.
        case destination
        /// Reading the lake failed.
        case lake
        /// Encoding output files failed.
        case encoding
    }

    public var code: Code
    public var message: String
    public var field: String?
    /// Whether retrying may succeed (transient destination errors).
    public var retryable: Bool
    /// The error this one was made from (a `DestinationError`, a `LakeError`, a database or encoder failure), kept
    /// for logs and callers that need the detail. Not encoded (runs store their errors as documents), and not part
    /// of equality.
    public var underlying: (any Error)? = nil

    private enum CodingKeys: String, CodingKey {
        case code, message, field, retryable
    }

    public init(
        _ code: Code, _ message: String, field: String? = nil, retryable: Bool = false, underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.field = field
        self.retryable = retryable
        self.underlying = underlying
    }

    public static func == (left: ExportsError, right: ExportsError) -> Bool {
        left.code == right.code && left.message == right.message && left.field == right.field
            && left.retryable == right.retryable
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(message)
        hasher.combine(field)
        hasher.combine(retryable)
    }

    static func invalid(_ field: String, _ message: String) -> ExportsError {
        ExportsError(.invalidField, message, field: field)
    }

    public var description: String {
        "exports \(code.rawValue): \(message)" + (field.map { " (field \($0))" } ?? "")
    }
}
