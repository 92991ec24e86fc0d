/// The journey domain's errors: a code the edges map (to problem+json or an exit code), a message, and the
/// component or field it concerns (`dimensions[2].persistence.expiration`, `metric revenue`) when one applies.
public struct JourneyError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The request or the definition is invalid; `field` names the component.
        case invalid
        /// No connection, data view, dataset or component with that id.
        case notFound
        /// A name is taken, or an etag (`If-Match`) does not match the stored version.
        case conflict
        /// The query behind a report failed (its SQLSTATE in the message).
        case queryFailed
        /// The report was cancelled.
        case cancelled
        /// Storage or I/O failed.
        case io
    }

    public var code: Code
    public var message: String
    public var field: String?

    public init(_ code: Code, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    /// An `.invalid` error naming `field`.
    public static func invalid(_ field: String, _ message: String) -> JourneyError {
        JourneyError(.invalid, message, field: field)
    }

    public var description: String {
        field.map { "\(code.rawValue) \($0): \(message)" } ?? "\(code.rawValue): \(message)"
    }
}
