import Signing

/// Builds the JSON API requests of one bucket (no I/O): resumable upload initiation, chunk and status PUTs,
/// object metadata, listing pages and deletes. Authorization is added by the caller.
struct GCSJSONAPI: Sendable, Hashable {
    var endpoint: GCSEndpoint
    var bucket: String

    private var bucketURL: String { "\(endpoint.baseURL)/storage/v1/b/\(GCSObjectName.segment(bucket))" }

    /// `POST /upload/storage/v1/b/<bucket>/o?uploadType=resumable&name=<name>`: starts a resumable session;
    /// the answer's `Location` header is the session URI.
    func initiateResumableUpload(name: String, contentType: String = "application/octet-stream") -> GCSRequest {
        let url =
            "\(endpoint.baseURL)/upload/storage/v1/b/\(GCSObjectName.segment(bucket))/o?"
            + GCSObjectName.query([("uploadType", "resumable"), ("name", name)])
        let metadata = #"{"name":"\#(Self.jsonEscaped(name))","contentType":"\#(contentType)"}"#
        return GCSRequest(
            method: "POST", url: url,
            headers: [
                .init("Content-Type", "application/json; charset=UTF-8"),
                .init("X-Upload-Content-Type", contentType),
            ],
            body: Array(metadata.utf8))
    }

    /// One chunk PUT to the session URI: `Content-Range: bytes <first>-<last>/<total or *>`.
    func uploadChunk(sessionURL: String, chunk: GCSResumableUpload.Chunk) -> GCSRequest {
        GCSRequest(
            method: "PUT", url: sessionURL, headers: [.init("Content-Range", chunk.contentRange)],
            body: Array(chunk.bytes))
    }

    /// The status query of a session: an empty PUT with `Content-Range: bytes */*`; the answer is `308` with the
    /// persisted `Range`, or `200`/`201` when the upload already completed.
    func queryUploadStatus(sessionURL: String) -> GCSRequest {
        GCSRequest(method: "PUT", url: sessionURL, headers: [.init("Content-Range", "bytes */*")])
    }

    /// Cancels a session (`DELETE` on the session URI, sent with `Content-Length: 0`); best effort.
    func cancelUpload(sessionURL: String) -> GCSRequest {
        GCSRequest(method: "DELETE", url: sessionURL)
    }

    /// `GET /storage/v1/b/<bucket>/o/<name>`: metadata of one object (404 when missing).
    func objectMetadata(name: String) -> GCSRequest {
        GCSRequest(method: "GET", url: "\(bucketURL)/o/\(GCSObjectName.segment(name))")
    }

    /// `DELETE /storage/v1/b/<bucket>/o/<name>`.
    func deleteObject(name: String) -> GCSRequest {
        GCSRequest(method: "DELETE", url: "\(bucketURL)/o/\(GCSObjectName.segment(name))")
    }

    /// `GET /storage/v1/b/<bucket>/o?prefix=...&pageToken=...`: one page of a listing.
    func listObjects(prefix: String, pageToken: String?, maxResults: Int = 1000) -> GCSRequest {
        var query: [(String, String)] = [("maxResults", String(maxResults))]
        if !prefix.isEmpty { query.append(("prefix", prefix)) }
        if let pageToken { query.append(("pageToken", pageToken)) }
        return GCSRequest(method: "GET", url: "\(bucketURL)/o?" + GCSObjectName.query(query))
    }

    /// `GET /storage/v1/b/<bucket>`: bucket metadata (404 when the bucket does not exist).
    func bucketMetadata() -> GCSRequest {
        GCSRequest(method: "GET", url: bucketURL)
    }

    /// Escapes a string for a JSON string literal.
    static func jsonEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
