import Foundation
import HTTPTypes
import Signing

/// What a landing-zone request asks for: the Blob service subset and the DFS (ADLS Gen2) calls the SDKs make,
/// decided from the method, the addressed level (account, container, blob) and the query. Pure.
enum LandingZoneOperation: Sendable, Hashable {
    case listContainers
    case accountInformation
    case containerProperties
    case createContainer
    case deleteContainer
    case listBlobs
    case getBlob
    case getBlobProperties
    case getBlockList
    case deleteBlob(recursive: Bool)
    case putBlob
    case putBlock(id: String)
    case putBlockList
    case setBlobProperties
    /// Copy Blob from a blob of this account (`x-ms-copy-source`, with its SAS query when it carries one).
    case copyBlob(sourceContainer: String, sourceBlob: String, sourceQuery: [SignableRequest.Field])
    case listPaths(directory: String?, recursive: Bool)
    case createFile
    case createDirectory
    case rename(sourceContainer: String, sourcePath: String)
    case append(position: Int64)
    case flush(position: Int64)

    /// The SAS permissions the operation needs.
    var requiredPermissions: AzureSASPermissions {
        switch self {
        case .listContainers, .listBlobs, .listPaths: .list
        case .accountInformation, .containerProperties, .getBlob, .getBlobProperties, .getBlockList: .read
        case .deleteBlob, .deleteContainer: .delete
        case .rename: .move
        case .createContainer: .create
        case .putBlob, .putBlock, .putBlockList, .setBlobProperties, .copyBlob, .createFile, .createDirectory, .append,
            .flush:
            .write
        }
    }

    /// True for the DFS endpoint's operations, whose errors are JSON rather than XML.
    var isDFS: Bool {
        switch self {
        case .listPaths, .createFile, .createDirectory, .rename, .append, .flush: true
        default: false
        }
    }

    /// Classifies `request`; throws `UnsupportedHttpVerb`/`InvalidQueryParameterValue` for anything else.
    static func classify(_ request: LandingZoneRequest) throws(LandingZoneError) -> LandingZoneOperation {
        let method = request.method
        let restype = request.query("restype")
        let comp = request.query("comp")
        let resource = request.query("resource")
        guard let container = request.container else {
            if method == "GET" && comp == "list" { return .listContainers }
            if (method == "GET" || method == "HEAD") && comp == "properties" { return .accountInformation }
            throw .unsupported("\(method) on the account")
        }
        guard let blob = request.blob else {
            switch (method, restype, comp, resource) {
            case ("GET", "container", "list", _): return .listBlobs
            case ("GET", _, nil, "filesystem"):
                return .listPaths(
                    directory: request.query("directory").flatMap { $0.isEmpty ? nil : $0 },
                    recursive: request.query("recursive")?.lowercased() == "true")
            case ("GET", "container", _, _), ("HEAD", "container", _, _), ("HEAD", _, _, "filesystem"):
                return .containerProperties
            case ("PUT", "container", nil, _), ("PUT", _, nil, "filesystem"): return .createContainer
            case ("DELETE", "container", nil, _), ("DELETE", _, nil, "filesystem"): return .deleteContainer
            default: throw .unsupported("\(method) on container \(container)")
            }
        }
        switch method {
        case "GET":
            return comp == "blocklist" ? .getBlockList : .getBlob
        case "HEAD":
            return .getBlobProperties
        case "DELETE":
            return .deleteBlob(recursive: request.query("recursive")?.lowercased() == "true")
        case "PUT":
            if let source = request.header("x-ms-rename-source") {
                return try renameSource(source)
            }
            if let source = request.header("x-ms-copy-source"), request.query("comp") == nil {
                return try copySource(source, account: request.account)
            }
            switch (comp, resource) {
            case ("block", _):
                guard let id = request.query("blockid"), !id.isEmpty else { throw .invalidQuery("blockid") }
                return .putBlock(id: id)
            case ("blocklist", _): return .putBlockList
            case ("properties", _), ("metadata", _): return .setBlobProperties
            case (nil, "file"): return .createFile
            case (nil, "directory"): return .createDirectory
            case (nil, nil): return .putBlob
            default: throw .unsupported("PUT \(comp ?? resource ?? "") on \(blob)")
            }
        case "PATCH":
            let action = request.query("action")
            if action == "append" || action == "flush" {
                guard let text = request.query("position"), let position = Int64(text), position >= 0 else {
                    throw .invalidQuery("position")
                }
                return action == "append" ? .append(position: position) : .flush(position: position)
            }
            if action == "setProperties" || action == "setAccessControl" { return .setBlobProperties }
            throw .unsupported("PATCH action \(action ?? "-")")
        default:
            throw .unsupported("\(method) on \(blob)")
        }
    }

    /// `x-ms-rename-source: /<container>/<path>[?sas]` (already percent-encoded).
    static func renameSource(_ header: String) throws(LandingZoneError) -> LandingZoneOperation {
        let pathPart = header.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        guard let decoded = LandingZonePercent.decode(pathPart) else { throw .invalidName() }
        let segments = decoded.split(separator: "/").map(String.init)
        guard segments.count >= 2, LandingZoneNames.isValidContainer(segments[0]),
            segments.dropFirst().allSatisfy({ $0 != "." && $0 != ".." })
        else {
            throw LandingZoneError(.badRequest, "InvalidSourceUri", "The source URI is invalid.")
        }
        return .rename(sourceContainer: segments[0], sourcePath: segments.dropFirst().joined(separator: "/"))
    }

    /// `x-ms-copy-source: http://<host>/<account>/<container>/<blob>[?sas]` (or the same path without scheme and
    /// host); only blobs of this landing zone's account can be copied.
    static func copySource(_ header: String, account: String) throws(LandingZoneError) -> LandingZoneOperation {
        var rest = Substring(header)
        if let scheme = rest.range(of: "://") {
            rest = rest[scheme.upperBound...]
            rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? ""
        }
        let parts = rest.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let cannotVerify = LandingZoneError(
            .badRequest, "CannotVerifyCopySource", "The copy source must be a blob of this account.")
        guard let path = parts.first, path.hasPrefix("/"),
            let source = try? LandingZoneRequest.parse(
                method: "GET", rawPath: String(path), rawQuery: parts.count > 1 ? String(parts[1]) : nil, headers: [],
                account: account),
            let container = source.container, let blob = source.blob
        else { throw cannotVerify }
        return .copyBlob(sourceContainer: container, sourceBlob: blob, sourceQuery: source.query)
    }
}
