/// An error (or notice) as PostgreSQL reports it: severity, SQLSTATE, message, and the optional detail, hint and
/// cursor position. Sessions throw it; the server sends it as an ErrorResponse (or a NoticeResponse).
public struct WireError: Error, Sendable, Equatable, CustomStringConvertible {
    /// ERROR ends the statement; FATAL ends the connection; the rest are notice levels.
    public enum Severity: String, Sendable, Equatable {
        case error = "ERROR"
        case fatal = "FATAL"
        case warning = "WARNING"
        case notice = "NOTICE"
        case info = "INFO"
        case log = "LOG"
        case debug = "DEBUG"
    }

    public var severity: Severity
    /// The five-character SQLSTATE (`42P01`, `22012`, ...).
    public var sqlState: String
    public var message: String
    public var detail: String?
    public var hint: String?
    /// The error cursor: a 1-based index in characters into the statement's text.
    public var position: Int?

    public init(
        severity: Severity = .error, sqlState: String, message: String, detail: String? = nil, hint: String? = nil,
        position: Int? = nil
    ) {
        self.severity = severity
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.position = position
    }

    public var description: String { "\(severity.rawValue) \(sqlState): \(message)" }
}

extension WireError {
    /// FATAL 08P01: the client broke the protocol; the connection closes.
    public static func protocolViolation(_ message: String) -> WireError {
        WireError(severity: .fatal, sqlState: "08P01", message: message)
    }

    /// ERROR 0A000: something the server does not support.
    public static func featureNotSupported(_ message: String) -> WireError {
        WireError(sqlState: "0A000", message: message)
    }

    /// ERROR 57014, the cancellation PostgreSQL reports when a CancelRequest stops a query.
    public static let queryCanceled = WireError(sqlState: "57014", message: "canceling statement due to user request")
}
