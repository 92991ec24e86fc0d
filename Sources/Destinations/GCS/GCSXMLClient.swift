import Foundation
import Signing

/// Sends XML interop API requests (path-style `/<bucket>/<object>`) signed with AWS SigV4 under region `auto`,
/// re-signing every attempt with a fresh date; retries transient failures when asked to.
struct GCSXMLClient: Sendable {
    let configuration: GCSConfiguration
    let http: any GCSHTTPExchange
    let signer: AWSSigV4Signer
    let now: @Sendable () -> Date
    /// Remembers that the bucket exists (checked once before the first upload).
    let bucketCheck = GCSXMLBucketCheck()

    var bucket: String { configuration.bucket }

    /// Signs and sends `method /<bucket>[/<key>]?<query>` with `body`.
    func send(
        _ method: String, key: String?, query: [SignableRequest.Field] = [], headers: [SignableRequest.Field] = [],
        body: [UInt8] = [], retrying: Bool = true
    ) async throws(DestinationError) -> GCSResponse {
        let endpoint = configuration.endpoint
        let path = endpoint.basePath + "/" + bucket + (key.map { "/" + $0 } ?? "")
        let payloadHash = AWSSigV4Signer.payloadHash(body)
        return try await GCSRetryLoop.run(configuration, retrying: retrying) {
            () async throws(DestinationError) -> GCSResponse in
            let unsigned = SignableRequest(
                method: method, host: endpoint.hostHeader, path: path, query: query, headers: headers)
            let signed = signer.sign(unsigned, payloadHash: payloadHash, date: now())
            let request = GCSRequest(
                method: method, url: "\(endpoint.scheme)://\(endpoint.hostHeader)\(signed.target)",
                headers: signed.headers.filter { $0.name.lowercased() != "host" }, body: body)
            return try await http.send(request)
        }
    }

    /// One ListObjectsV2 page.
    func listPage(prefix: String, continuationToken: String?) async throws(DestinationError) -> GCSListPage {
        var query: [SignableRequest.Field] = [.init("list-type", "2"), .init("max-keys", "1000")]
        if !prefix.isEmpty { query.append(.init("prefix", prefix)) }
        if let continuationToken { query.append(.init("continuation-token", continuationToken)) }
        let response = try await send("GET", key: nil, query: query)
        guard response.isSuccess else {
            throw GCSErrorMapping.error(for: response, operation: "list objects", path: prefix, bucket: bucket)
        }
        return try GCSListPage.parseXML(response.body)
    }

    /// DELETE; a missing object is not an error.
    func delete(path: String) async throws(DestinationError) {
        let response = try await send("DELETE", key: path)
        guard response.isSuccess || response.status == 404 else {
            throw GCSErrorMapping.error(for: response, operation: "delete objects", path: path, bucket: bucket)
        }
    }

    /// HEAD: `200` -> true, `404` -> false.
    func exists(path: String) async throws(DestinationError) -> Bool {
        let response = try await send("HEAD", key: path)
        if response.status == 404 { return false }
        guard response.isSuccess else {
            throw GCSErrorMapping.error(for: response, operation: "read object metadata", path: path, bucket: bucket)
        }
        return true
    }
}
