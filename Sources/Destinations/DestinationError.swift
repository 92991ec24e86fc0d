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

    public init(
        _ code: Code, _ message: String, path: String? = nil, serviceCode: String? = nil, field: String? = nil
    ) {
        self.code = code
        self.message = message
        self.path = path
        self.serviceCode = serviceCode
        self.field = field
    }

    /// Whether retrying the same operation may succeed.
    public var isRetryable: Bool { code == .transient }

    public var description: String {
        "destination \(code.rawValue): \(message)" + (path.map { " (path \($0))" } ?? "")
    }
}
