import Foundation

/// Turns a GCS error answer (JSON API `{"error":{...}}` or XML API `<Error><Code>...`) into a `DestinationError`
/// whose message says what failed and what to check. Only the server's error code and a bounded message are
/// kept: request headers, tokens and signatures never reach the message.
enum GCSErrorMapping {
    private struct JSONError: Decodable {
        struct Body: Decodable {
            struct Item: Decodable { var reason: String? }
            var message: String?
            var errors: [Item]?
        }
        var error: Body?
    }

    /// The server's own reason and message, when the body carries them.
    static func serverDetail(_ body: [UInt8]) -> (reason: String?, message: String?) {
        if let parsed = try? JSONDecoder().decode(JSONError.self, from: Data(body)), let error = parsed.error {
            return (error.errors?.first?.reason, error.message.map(bounded))
        }
        if let document = XMLErrorDocument.read(body) {
            return (document.code, document.message.map(bounded))
        }
        return (nil, nil)
    }

    /// The mapped error for a non-success answer to `operation` on `path` (nil for bucket-level calls).
    static func error(
        for response: GCSResponse, operation: String, path: String?, bucket: String? = nil
    ) -> DestinationError {
        let detail = serverDetail(response.body)
        let server = [detail.reason, detail.message].compactMap { $0 }.joined(separator: ": ")
        let suffix = server.isEmpty ? "" : " (\(server))"
        let code = detail.reason ?? ""
        let bucketName = bucket.map { "'\($0)'" } ?? "the bucket"
        switch response.status {
        case 401:
            return DestinationError(
                .auth,
                "GCS refused the credentials for \(operation) (HTTP 401): check the service account key or "
                    + "HMAC keys\(suffix)", path: path)
        case 403:
            if code == "SignatureDoesNotMatch" || code == "InvalidAccessKeyId" || code == "InvalidSecurity" {
                return DestinationError(
                    .auth,
                    "GCS refused the HMAC signature for \(operation): check accessKeyId and secretAccessKey"
                        + suffix, path: path)
            }
            return DestinationError(
                .permission,
                "the credentials have no permission to \(operation) in bucket \(bucketName) (HTTP 403): grant "
                    + "the service account or HMAC key a Storage Object role on the bucket\(suffix)", path: path)
        case 404:
            if code == "NoSuchBucket" {
                return DestinationError(
                    .notFound, "\(operation) failed: the bucket \(bucketName) does not exist (NoSuchBucket)",
                    path: path)
            }
            if code == "NoSuchKey" {
                return DestinationError(.notFound, "the object does not exist (\(operation))", path: path)
            }
            return DestinationError(
                .notFound,
                "\(operation) failed: bucket \(bucketName) does not exist or the object is missing "
                    + "(HTTP 404)\(suffix)", path: path)
        case 408, 429, 500, 502, 503, 504:
            return DestinationError(
                .transient, "GCS is busy or unavailable during \(operation) (HTTP \(response.status))\(suffix)",
                path: path)
        case 400, 411, 412, 413, 416:
            return DestinationError(
                .invalid, "GCS rejected the \(operation) request (HTTP \(response.status))\(suffix)", path: path)
        default:
            return DestinationError(
                .io, "GCS answered \(operation) with HTTP \(response.status)\(suffix)", path: path)
        }
    }

    /// Cuts a server message to one line of at most 200 characters.
    static func bounded(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > 200 ? String(line.prefix(200)) + "..." : line
    }
}
