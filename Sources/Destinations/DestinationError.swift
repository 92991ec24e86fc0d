/// A destination failure with a stable code and a message a user can act on. Messages never contain
/// credentials: implementations build them from paths, operations and error numbers only.
public struct DestinationError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// Stable error codes (raw values are part of the API).
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// Credentials are missing, expired or rejected.
        case auth
        /// The credentials work but may not do this operation.
        case permission
        /// The object or location does not exist.
        case notFound
        /// A failure worth retrying (network, throttling, a busy peer).
        case transient
        /// The request itself is wrong (bad path, bad parameter); retrying will not help.
        case invalid
        /// A local or remote I/O failure that is not known to be transient.
        case io
    }

    public var code: Code
    public var message: String
    /// The destination-relative path involved, when there is one.
    public var path: String?
    /// The service's own error code when it gave one (S3's `NoSuchBucket`, `NoSuchUpload` ...): callers decide on
    /// this value, never on the words of `message`.
    public var serviceCode: String?
    /// The configuration parameter at fault for an `.invalid` set-up error (`sshKeyPassphrase`, `remotePath` ...),
    /// so callers can name the field without reading `message`.
    public var field: String?
    /// The error this one was made from (an `SFTPError`, an `SSHError`, a transport failure), kept for logs and
    /// for callers that need the detail. Not encoded, and not part of equality: two errors that say the same thing
    /// to the user are equal.
    public var underlying: (any Error)? = nil

    private enum CodingKeys: String, CodingKey {
        case code, message, path, serviceCode, field
    }

    public init(
        _ code: Code, _ message: String, path: String? = nil, serviceCode: String? = nil, field: String? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.path = path
        self.serviceCode = serviceCode
        self.field = field
        self.underlying = underlying
    }

    public static func == (left: DestinationError, right: DestinationError) -> Bool {
        left.code == right.code && left.message == right.message && left.path == right.path
            && left.serviceCode == right.serviceCode && left.field == right.field
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(message)
        hasher.combine(path)
        hasher.combine(serviceCode)
        hasher.combine(field)
    }

    /// Whether retrying the same operation may succeed.
    public var isRetryable: Bool { code == .transient }

    public var description: String {
        "destination \(code.rawValue): \(message)" + (path.map { " (path \($0))" } ?? "")
    }
}
