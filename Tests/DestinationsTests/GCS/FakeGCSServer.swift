import Foundation

@testable import Destinations
@testable import Signing

/// An in-memory stand-in for the GCS JSON API and a token endpoint, for driving the adapter's control flow
/// (resume after a drop, paging, token refresh) deterministically. The real-peer tests use gcp-storage-emulator.
actor FakeGCSServer: GCSHTTPExchange {
    private(set) var objects: [String: [UInt8]] = [:]
    private var sessions: [String: (name: String, data: [UInt8])] = [:]
    private(set) var requests: [GCSRequest] = []
    /// Drop the next chunk PUT after the server has received this many of its bytes (it keeps whole 256 KiB units).
    var dropNextChunkAfter: Int?
    /// Answer the next data request with this status instead.
    var failNextWith: Int?
    var pageSize = 2
    var tokenLifetime = 3600
    private(set) var tokensIssued = 0

    func dropNextChunk(after bytes: Int) { dropNextChunkAfter = bytes }
    func failNext(with status: Int) { failNextWith = status }
    func put(_ name: String, _ data: [UInt8]) { objects[name] = data }

    func send(_ request: GCSRequest) async throws(DestinationError) -> GCSResponse {
        requests.append(request)
        if request.url == "http://fake/token" {
            tokensIssued += 1
            return GCSResponse(
                status: 200,
                body: Array(#"{"access_token":"tok-\#(tokensIssued)","expires_in":\#(tokenLifetime)}"#.utf8))
        }
        if let status = failNextWith {
            failNextWith = nil
            return GCSResponse(status: status)
        }
        let (path, query) = Self.split(request.url)
        if request.method == "POST", path == "/upload/storage/v1/b/bkt/o", let name = query["name"] {
            let id = "s\(sessions.count + 1)"
            sessions[id] = (name, [])
            return GCSResponse(status: 200, headers: [.init("Location", "http://fake/session/\(id)")])
        }
        if path.hasPrefix("/session/"), let id = path.split(separator: "/").last.map(String.init) {
            return try chunk(request, session: id)
        }
        if path == "/storage/v1/b/bkt/o" { return list(query) }
        if path.hasPrefix("/storage/v1/b/bkt/o/") {
            let name = PercentEncoding.decode(String(path.dropFirst("/storage/v1/b/bkt/o/".count))) ?? ""
            guard objects[name] != nil else { return GCSResponse(status: 404) }
            if request.method == "DELETE" { objects[name] = nil }
            return GCSResponse(status: request.method == "DELETE" ? 204 : 200)
        }
        return GCSResponse(
            status: 404, body: Array(#"{"error":{"message":"The specified bucket does not exist."}}"#.utf8))
    }

    private func chunk(_ request: GCSRequest, session id: String) throws(DestinationError) -> GCSResponse {
        guard var session = sessions[id], let range = request.header("Content-Range") else {
            return GCSResponse(status: 404)
        }
        let spec = range.dropFirst("bytes ".count)
        let parts = spec.split(separator: "/")
        let total = parts.count == 2 ? Int(parts[1]) : nil
        if !parts[0].hasPrefix("*") {
            let first = Int(parts[0].split(separator: "-")[0]) ?? -1
            guard first == session.data.count else { return GCSResponse(status: 400) }
            if let drop = dropNextChunkAfter {
                dropNextChunkAfter = nil
                let kept = (min(drop, request.body.count) / (256 * 1024)) * (256 * 1024)
                session.data += request.body.prefix(kept)
                sessions[id] = session
                throw DestinationError(.transient, "connection reset by peer")
            }
            session.data += request.body
        }
        sessions[id] = session
        if let total, total == session.data.count {
            objects[session.name] = session.data
            sessions[id] = nil
            return GCSResponse(status: 200, body: Array(#"{"size":"\#(total)"}"#.utf8))
        }
        let headers: [SignableRequest.Field] =
            session.data.isEmpty ? [] : [.init("Range", "bytes=0-\(session.data.count - 1)")]
        return GCSResponse(status: 308, headers: headers)
    }

    private func list(_ query: [String: String]) -> GCSResponse {
        let prefix = query["prefix"] ?? ""
        let names = objects.keys.filter { $0.hasPrefix(prefix) }.sorted()
        let start = Int(query["pageToken"] ?? "0") ?? 0
        let page = names.dropFirst(start).prefix(pageSize)
        let items = page.map { #"{"name":"\#($0)","size":"\#(objects[$0]?.count ?? 0)"}"# }.joined(separator: ",")
        let next = start + page.count < names.count ? #","nextPageToken":"\#(start + page.count)""# : ""
        return GCSResponse(status: 200, body: Array(#"{"items":[\#(items)]\#(next)}"#.utf8))
    }

    static func split(_ url: String) -> (path: String, query: [String: String]) {
        let rest = String(url.dropFirst("http://fake".count))
        let pieces = rest.split(separator: "?", maxSplits: 1)
        var query: [String: String] = [:]
        if pieces.count > 1 {
            for (name, value) in PercentEncoding.queryPairs(String(pieces[1])) ?? [] { query[name] = value }
        }
        return (String(pieces.first ?? ""), query)
    }
}
