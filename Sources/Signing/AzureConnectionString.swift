import Foundation

/// A parsed Azure Storage connection string (`DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;
/// EndpointSuffix=core.windows.net`, or with `BlobEndpoint=` and/or `SharedAccessSignature=`). Keys are matched
/// case-insensitively. The `description` hides the account key and the SAS.
public struct AzureConnectionString: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// `AccountName`, if given.
    public var accountName: String?
    /// `AccountKey` (base64), if given.
    public var accountKey: String?
    /// `SharedAccessSignature` (a SAS query string), if given.
    public var sharedAccessSignature: String?
    /// `DefaultEndpointsProtocol` (default `https`).
    public var defaultEndpointsProtocol: String
    /// `EndpointSuffix` (default `core.windows.net`).
    public var endpointSuffix: String
    /// The Blob service endpoint: `BlobEndpoint`, else `<protocol>://<account>.blob.<suffix>`.
    public var blobEndpoint: String
    /// The DFS (ADLS Gen2) endpoint: `DfsEndpoint`, else the blob endpoint with `.blob.` turned into `.dfs.`.
    public var dfsEndpoint: String

    /// Parses a connection string. Throws `.malformedConfiguration` (naming the key, never echoing values) when a
    /// segment has no `=`, a key repeats, no endpoint can be derived, or neither `AccountKey` nor
    /// `SharedAccessSignature` is present.
    public init(_ text: String) throws(SigningError) {
        var settings: [String: String] = [:]
        for (index, segment) in text.split(separator: ";", omittingEmptySubsequences: true).enumerated() {
            let trimmed = segment.trimmingWhitespace()
            if trimmed.isEmpty { continue }
            guard let equals = trimmed.firstIndex(of: "="), equals != trimmed.startIndex else {
                throw SigningError(
                    .malformedConfiguration, "segment \(index + 1) is not Key=Value", field: "connectionString")
            }
            let key = trimmed[..<equals].lowercased()
            guard settings[key] == nil else {
                throw SigningError(.malformedConfiguration, "a key appears twice", field: String(trimmed[..<equals]))
            }
            settings[key] = String(trimmed[trimmed.index(after: equals)...])
        }
        accountName = settings["accountname"].flatMap { $0.isEmpty ? nil : $0 }
        accountKey = settings["accountkey"].flatMap { $0.isEmpty ? nil : $0 }
        sharedAccessSignature = settings["sharedaccesssignature"].flatMap { $0.isEmpty ? nil : $0 }
        defaultEndpointsProtocol = settings["defaultendpointsprotocol"] ?? "https"
        endpointSuffix = settings["endpointsuffix"] ?? "core.windows.net"
        guard ["http", "https"].contains(defaultEndpointsProtocol.lowercased()) else {
            throw SigningError(
                .malformedConfiguration, "the protocol must be http or https", field: "DefaultEndpointsProtocol")
        }
        if accountKey != nil && accountName == nil {
            throw SigningError(.malformedConfiguration, "an AccountKey needs an AccountName", field: "AccountName")
        }
        guard accountKey != nil || sharedAccessSignature != nil else {
            throw SigningError(
                .malformedConfiguration, "the connection string has neither AccountKey nor SharedAccessSignature",
                field: "AccountKey")
        }
        if let explicit = settings["blobendpoint"], !explicit.isEmpty {
            blobEndpoint = Self.withoutTrailingSlash(explicit)
        } else if let accountName {
            blobEndpoint = "\(defaultEndpointsProtocol)://\(accountName).blob.\(endpointSuffix)"
        } else {
            throw SigningError(
                .malformedConfiguration, "the connection string has neither BlobEndpoint nor AccountName",
                field: "BlobEndpoint")
        }
        if let explicit = settings["dfsendpoint"], !explicit.isEmpty {
            dfsEndpoint = Self.withoutTrailingSlash(explicit)
        } else {
            dfsEndpoint = blobEndpoint.replacingFirst(".blob.", with: ".dfs.")
        }
    }

    /// The account key credential, or nil when the string carries a SAS only.
    public func sharedKeyCredential() throws(SigningError) -> AzureSharedKeyCredential? {
        guard let accountName, let accountKey else { return nil }
        return try AzureSharedKeyCredential(accountName: accountName, accountKey: accountKey)
    }

    /// The parsed SAS, or nil when the string carries an account key only.
    public func sasToken() throws(SigningError) -> AzureSASToken? {
        try sharedAccessSignature.map { (sas: String) throws(SigningError) in try AzureSASToken(query: sas) }
    }

    public var description: String {
        "AzureConnectionString(accountName: \(accountName ?? "-"), blobEndpoint: \(blobEndpoint), "
            + "accountKey: \(accountKey == nil ? "-" : "<redacted>"), "
            + "sharedAccessSignature: \(sharedAccessSignature == nil ? "-" : "<redacted>"))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self, children: ["accountName": accountName as Any, "blobEndpoint": blobEndpoint], displayStyle: .struct)
    }

    private static func withoutTrailingSlash(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var result = self
        while let first = result.first, first.isWhitespace { result.removeFirst() }
        while let last = result.last, last.isWhitespace { result.removeLast() }
        return result
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
