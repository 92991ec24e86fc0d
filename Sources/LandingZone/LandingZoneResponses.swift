import Foundation
import HTTPTypes
import Hummingbird

/// Builds landing-zone responses with the headers Azure clients read (`ETag`, `Last-Modified`,
/// `x-ms-blob-type`, `x-ms-request-id`, `x-ms-version`, `x-ms-error-code` ...).
enum LandingZoneResponses {
    /// The service version answered when the client sends none.
    static let defaultVersion = "2021-08-06"

    static func set(_ headers: inout HTTPFields, _ name: String, _ value: String) {
        if let field = HTTPField.Name(name) { headers[field] = value }
    }

    static func addCommonHeaders(_ headers: inout HTTPFields, version: String?) {
        set(&headers, "x-ms-request-id", UUID().uuidString.lowercased())
        set(&headers, "x-ms-version", version ?? defaultVersion)
        set(&headers, "Date", LandingZoneHTTPDate.rfc1123(epochSeconds: Int64(Date().timeIntervalSince1970)))
    }

    /// An XML answer: `document` written by `LandingZoneXMLCoding`.
    static func xml(
        _ document: some LandingZoneXMLOutput, status: HTTPResponse.Status = .ok
    ) throws(LandingZoneError) -> Response {
        xml(bytes: try LandingZoneXMLCoding.encode(document), status: status)
    }

    private static func xml(bytes: [UInt8], status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/xml"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json;charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A body-less answer carrying the entry's `ETag` and `Last-Modified` when given.
    static func empty(_ status: HTTPResponse.Status, entry: LandingZoneStore.Entry?, head: Bool = false) -> Response {
        var headers = HTTPFields()
        if let entry {
            headers[.eTag] = "\"\(entry.etag)\""
            headers[.lastModified] = entry.lastModified
        }
        set(&headers, "x-ms-request-server-encrypted", "false")
        headers[.contentLength] = "0"
        return Response(status: status, headers: headers)
    }

    /// Get Blob Properties headers (and the start of a Get Blob answer).
    static func properties(_ entry: LandingZoneStore.Entry, head: Bool) -> Response {
        var headers = HTTPFields()
        headers[.contentLength] = String(entry.size)
        headers[.contentType] = entry.contentType ?? "application/octet-stream"
        if let md5 = entry.contentMD5 { set(&headers, "Content-MD5", md5) }
        for (name, value) in entry.metadata.sorted(by: { $0.key < $1.key }) {
            set(&headers, "x-ms-meta-" + name, value)
        }
        headers[.eTag] = "\"\(entry.etag)\""
        headers[.lastModified] = entry.lastModified
        headers[.acceptRanges] = "bytes"
        set(&headers, "x-ms-creation-time", entry.lastModified)
        set(&headers, "x-ms-blob-type", "BlockBlob")
        set(&headers, "x-ms-lease-state", "available")
        set(&headers, "x-ms-lease-status", "unlocked")
        set(&headers, "x-ms-server-encrypted", "false")
        set(&headers, "x-ms-access-tier", "Hot")
        set(&headers, "x-ms-access-tier-inferred", "true")
        set(&headers, "x-ms-resource-type", entry.isDirectory ? "directory" : "file")
        if entry.isDirectory { set(&headers, "x-ms-meta-hdi_isfolder", "true") }
        return Response(status: .ok, headers: headers)
    }

    /// Replaces `Content-MD5` (which would describe the bytes sent) by `x-ms-blob-content-md5` (the blob's).
    static func moveContentMD5ToBlobHeader(_ headers: inout HTTPFields) {
        guard let name = HTTPField.Name("Content-MD5"), let md5 = headers[name] else { return }
        headers[name] = nil
        set(&headers, "x-ms-blob-content-md5", md5)
    }

    /// Get Account Information: a hierarchical-namespace StorageV2 account.
    static func accountInformation() -> Response {
        var headers = HTTPFields()
        set(&headers, "x-ms-sku-name", "Standard_LRS")
        set(&headers, "x-ms-account-kind", "StorageV2")
        set(&headers, "x-ms-is-hns-enabled", "true")
        headers[.contentLength] = "0"
        return Response(status: .ok, headers: headers)
    }

    /// The DFS list-paths JSON document.
    static func pathList(_ entries: [LandingZoneStore.Entry]) -> String {
        let paths: [[String: String]] = entries.map { entry in
            var path = [
                "name": entry.name, "contentLength": String(entry.size), "lastModified": entry.lastModified,
                "etag": entry.etag, "owner": "$superuser", "group": "$superuser", "permissions": "rw-r-----",
            ]
            if entry.isDirectory { path["isDirectory"] = "true" }
            return path
        }
        let data = (try? JSONSerialization.data(withJSONObject: ["paths": paths], options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// An Azure error: `x-ms-error-code`, and an XML (Blob) or JSON (DFS) body unless answering HEAD.
    static func error(_ error: LandingZoneError, dfs: Bool, version: String?, head: Bool = false) -> Response {
        var response: Response
        if head {
            response = Response(status: error.status)
            response.headers[.contentLength] = "0"
        } else if dfs {
            let body = ["error": ["code": error.code, "message": error.message]]
            let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
            response = json(String(decoding: data, as: UTF8.self), status: error.status)
        } else {
            // An error document that cannot be written (never expected) still answers with its status and code.
            let body = (try? LandingZoneXMLCoding.encode(LandingZoneErrorDocument(error))) ?? []
            response = xml(bytes: body, status: error.status)
        }
        set(&response.headers, "x-ms-error-code", error.code)
        if error.status == .unauthorized {
            response.headers[.wwwAuthenticate] = "SharedKey realm=\"outflow landing zone\""
        }
        addCommonHeaders(&response.headers, version: version)
        return response
    }
}
