public import Foundation

/// An Azure Storage *service* SAS for a container (`sr=c`) or a blob (`sr=b`), signed with the account key.
/// Outflow issues these for its Data Landing Zone and verifies them on every request; it also reads the ones
/// users paste. Signing follows the service SAS layout of version 2020-12-06 and later (what the official
/// SDKs send). The `description` hides the signature.
public struct AzureSASToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The oldest `sv` whose string-to-sign layout this type signs and verifies.
    public static let minimumVersion = "2020-12-06"

    /// `sr`: what the token covers.
    public enum Resource: String, Sendable, Hashable {
        /// `c`: every blob in one container, and listing it.
        case container = "c"
        /// `b`: one blob.
        case blob = "b"
    }

    /// `sv`.
    public var version: String
    /// `sr`.
    public var resource: Resource
    /// `sp`.
    public var permissions: AzureSASPermissions
    /// `st` as sent (ISO 8601), if any.
    public var start: String?
    /// `se` as sent (ISO 8601).
    public var expiry: String
    /// All SAS fields as sent, by name (`sv`, `sr`, `sp`, `st`, `se`, `spr`, `sip`, `si`, `ses`, `rscc` ... `sig`).
    var fields: [String: String]

    /// The fields covered by the signature, in string-to-sign order, with the canonical resource after `se`.
    static let signedFieldOrder = [
        "sp", "st", "se", "", "si", "sip", "spr", "sv", "sr", "snapshot", "ses",
        "rscc", "rscd", "rsce", "rscl", "rsct",
    ]
    /// Query names that belong to a SAS; everything else in a URL's query is left to the request.
    static let sasFieldNames: Set<String> = Set(signedFieldOrder.filter { !$0.isEmpty }).union(["sig", "skoid"])

    /// Issues a token for `container` (and `blob` for a blob token) valid from `start` (if given) to `expiry`.
    public static func issue(
        credential: AzureSharedKeyCredential, container: String, blob: String? = nil,
        permissions: AzureSASPermissions, start: Date? = nil, expiry: Date, httpsOnly: Bool = false,
        version: String = minimumVersion
    ) throws(SigningError) -> AzureSASToken {
        guard !container.isEmpty, blob.map({ !$0.isEmpty }) ?? true else {
            throw SigningError(.invalidRequest, "the container or blob name is empty", field: "container")
        }
        guard version >= minimumVersion else {
            throw SigningError(
                .unsupportedVersion, "SAS version \(version) is older than \(minimumVersion)", field: "sv")
        }
        var fields = ["sv": version, "sr": blob == nil ? "c" : "b", "sp": permissions.sp]
        fields["st"] = start.map { UTCTimestamp($0).extendedISO8601 }
        fields["se"] = UTCTimestamp(expiry).extendedISO8601
        if httpsOnly { fields["spr"] = "https" }
        let resource = canonicalResource(account: credential.accountName, container: container, blob: blob)
        fields["sig"] = credential.signature(stringToSign(fields: fields, canonicalResource: resource))
        return try AzureSASToken(fields: fields)
    }

    /// Parses a SAS from a query string (with or without a leading `?`); non-SAS items are ignored.
    public init(query: String) throws(SigningError) {
        let trimmed = query.hasPrefix("?") ? String(query.dropFirst()) : query
        guard let pairs = PercentEncoding.queryPairs(trimmed) else {
            throw SigningError(.malformedToken, "the SAS query has a malformed percent escape")
        }
        try self.init(items: pairs.map { SignableRequest.Field($0.0, $0.1) })
    }

    /// Picks the SAS fields out of a request's decoded query items and validates their shape.
    public init(items: [SignableRequest.Field]) throws(SigningError) {
        var fields: [String: String] = [:]
        for item in items where Self.sasFieldNames.contains(item.name) {
            guard fields[item.name] == nil else {
                throw SigningError(.malformedToken, "the SAS field appears twice", field: item.name)
            }
            fields[item.name] = item.value
        }
        try self.init(fields: fields)
    }

    private init(fields: [String: String]) throws(SigningError) {
        func required(_ name: String) throws(SigningError) -> String {
            guard let value = fields[name], !value.isEmpty else {
                throw SigningError(.malformedToken, "the SAS has no '\(name)' field", field: name)
            }
            return value
        }
        guard fields["skoid"] == nil else {
            throw SigningError(.unsupportedVersion, "user delegation SAS is not supported", field: "skoid")
        }
        version = try required("sv")
        _ = try required("sig")
        guard let resource = Resource(rawValue: try required("sr")) else {
            throw SigningError(.unsupportedVersion, "only container (c) and blob (b) SAS are supported", field: "sr")
        }
        guard let permissions = AzureSASPermissions(sp: try required("sp")) else {
            throw SigningError(.malformedToken, "the permissions hold an unknown letter", field: "sp")
        }
        expiry = try required("se")
        guard UTCTimestamp.parseISO8601(expiry) != nil else {
            throw SigningError(.malformedToken, "the expiry '\(expiry)' is not an ISO 8601 UTC time", field: "se")
        }
        if let start = fields["st"], UTCTimestamp.parseISO8601(start) == nil {
            throw SigningError(.malformedToken, "the start '\(start)' is not an ISO 8601 UTC time", field: "st")
        }
        self.resource = resource
        self.permissions = permissions
        self.start = fields["st"]
        self.fields = fields
    }

    /// The query string to append to a URL (no leading `?`), values percent-encoded.
    public var queryString: String {
        let order = ["sv", "sr", "sp", "st", "se", "sip", "spr", "si", "ses", "rscc", "rscd", "rsce", "rscl", "rsct"]
        let names = order.filter { fields[$0] != nil } + ["sig"]
        return names.compactMap { name in fields[name].map { "\(name)=\(PercentEncoding.encode($0))" } }
            .joined(separator: "&")
    }

    /// `/blob/<account>/<container>[/<blob>]`, names not encoded.
    static func canonicalResource(account: String, container: String, blob: String?) -> String {
        "/blob/\(account)/\(container)" + (blob.map { "/\($0)" } ?? "")
    }

    /// The service SAS string to sign (2020-12-06 layout): the signed fields joined by `\n`, empty when absent.
    static func stringToSign(fields: [String: String], canonicalResource: String) -> String {
        signedFieldOrder.map { $0.isEmpty ? canonicalResource : fields[$0] ?? "" }.joined(separator: "\n")
    }

    public var description: String {
        "AzureSASToken(sv: \(version), sr: \(resource.rawValue), sp: \(permissions.sp), "
            + "st: \(start ?? "-"), se: \(expiry), sig: <redacted>)"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self, children: ["version": version, "resource": resource, "permissions": permissions],
            displayStyle: .struct)
    }
}
