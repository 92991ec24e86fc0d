import Foundation
import Signing

/// Delivers into a Google Cloud Storage bucket. With a service-account key (or anonymously against an emulator
/// endpoint) it speaks the JSON API: resumable uploads that resume after a dropped connection, listing with
/// paging, metadata and deletes. With HMAC keys it speaks the XML interop API signed with AWS SigV4 (region
/// `auto`): single PUTs, multipart uploads for large objects, ListObjectsV2, HEAD and DELETE.
///
/// Objects become visible only when their upload completes, so a failed export leaves nothing partial.
public struct GCSDestination: Destination {
    public let id: String
    /// Where and how it delivers.
    public let configuration: GCSConfiguration
    let backend: Backend
    /// The HTTP exchange every request goes through (and the connection test's `connect` step).
    let http: any GCSHTTPExchange

    enum Backend: Sendable {
        case json(GCSJSONClient)
        case xml(GCSXMLClient)
    }

    /// Creates the destination; throws `.invalid` / `.auth` when the configuration is unusable.
    public init(id: String, configuration: GCSConfiguration) throws(DestinationError) {
        try self.init(
            id: id, configuration: configuration,
            http: GCSTransportExchange(requestTimeout: configuration.requestTimeout, outbound: configuration.outbound))
    }

    /// The destination over an injected HTTP exchange and clock (tests).
    init(
        id: String, configuration: GCSConfiguration, http: any GCSHTTPExchange,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws(DestinationError) {
        try configuration.validate()
        self.id = id
        self.http = http
        self.configuration = configuration
        switch configuration.credentials {
        case .anonymous:
            backend = .json(Self.jsonClient(configuration, http: http, tokens: nil))
        case .serviceAccount(var key, let tokenURI):
            key.tokenURI = tokenURI
            let tokens = GCSAccessTokenCache(key: key, now: now) { request async throws(DestinationError) in
                try await http.send(
                    GCSRequest(
                        method: request.method, url: request.url, headers: request.headers,
                        body: Array(request.body.utf8)))
            }
            backend = .json(Self.jsonClient(configuration, http: http, tokens: tokens))
        case .hmac(let credentials):
            let signer = AWSSigV4Signer(credentials: credentials, region: "auto", service: "s3")
            backend = .xml(GCSXMLClient(configuration: configuration, http: http, signer: signer, now: now))
        }
    }

    private static func jsonClient(
        _ configuration: GCSConfiguration, http: any GCSHTTPExchange, tokens: GCSAccessTokenCache?
    ) -> GCSJSONClient {
        GCSJSONClient(
            api: GCSJSONAPI(endpoint: configuration.endpoint, bucket: configuration.bucket), http: http,
            configuration: configuration, tokens: tokens)
    }

    /// Checks the endpoint (`connect`: DNS, TCP and TLS without retries), then writes, lists and deletes a probe
    /// object under `.outflow-probe/`.
    public func testConnection() async -> ConnectionTestReport {
        if let failed = await http.connectStep(url: configuration.endpoint.baseURL + "/") { return failed }
        return await probeWriteListDelete(passed: [.connect])
    }

    public func openWriter(path: String) async throws(DestinationError) -> any DestinationWriter {
        try DestinationPath.validate(path)
        switch backend {
        case .json(let client): return try GCSResumableWriter(path: path, client: client)
        case .xml(let client):
            try await client.bucketCheck.ensureBucketExists(client)
            return try GCSXMLWriter(path: path, client: client)
        }
    }

    public func list(prefix: String) async throws(DestinationError) -> [DestinationObject] {
        try DestinationPath.validatePrefix(prefix)
        var objects: [DestinationObject] = []
        var token: String?
        var seenTokens: Set<String> = []
        repeat {
            let page: GCSListPage
            switch backend {
            case .json(let client):
                let response = try await client.send(client.api.listObjects(prefix: prefix, pageToken: token))
                guard response.isSuccess else {
                    throw GCSErrorMapping.error(
                        for: response, operation: "list objects", path: prefix, bucket: configuration.bucket)
                }
                page = try GCSListPage.parseJSON(response.body)
            case .xml(let client):
                page = try await client.listPage(prefix: prefix, continuationToken: token)
            }
            objects += page.objects.filter { $0.path.hasPrefix(prefix) }
            token = page.nextPageToken
            if let token, !seenTokens.insert(token).inserted {
                throw DestinationError(.io, "GCS repeated a page token while listing", path: prefix)
            }
        } while token != nil
        return objects.sorted { $0.path < $1.path }
    }

    public func delete(path: String) async throws(DestinationError) {
        try DestinationPath.validate(path)
        switch backend {
        case .json(let client):
            let response = try await client.send(client.api.deleteObject(name: path))
            guard response.isSuccess || response.status == 404 else {
                throw GCSErrorMapping.error(
                    for: response, operation: "delete objects", path: path, bucket: configuration.bucket)
            }
        case .xml(let client):
            try await client.delete(path: path)
        }
    }

    public func exists(path: String) async throws(DestinationError) -> Bool {
        try DestinationPath.validate(path)
        switch backend {
        case .json(let client):
            let response = try await client.send(client.api.objectMetadata(name: path))
            if response.status == 404 { return false }
            guard response.isSuccess else {
                throw GCSErrorMapping.error(
                    for: response, operation: "read object metadata", path: path, bucket: configuration.bucket)
            }
            return true
        case .xml(let client):
            return try await client.exists(path: path)
        }
    }
}
