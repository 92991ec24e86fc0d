import Signing

/// Azure Blob Storage (and anything speaking its REST API, such as Outflow's own landing zone): block blobs in
/// one container. Small objects go up with one Put Blob; larger ones as Put Block calls committed by one Put Block
/// List, so nothing is visible until the commit and a failed upload leaves only uncommitted blocks, which Azure
/// discards. Authenticates with SharedKey, a SAS or a service principal.
public struct AzureBlobDestination: Destination {
    public let id: String
    /// The Blob service endpoint.
    public let endpoint: AzureEndpoint
    /// The container objects go into.
    public let container: String
    let credential: AzureCredential
    let client: AzureHTTPClient
    /// Block size, and the largest object sent with one Put Blob.
    let blockSize: Int

    /// - Parameters:
    ///   - endpoint: the Blob endpoint (`https://<account>.blob.core.windows.net` or `http://127.0.0.1:PORT/<account>`).
    ///   - container: an existing container.
    ///   - blockSize: bytes per block (default 8 MiB; at least 1 byte in tests).
    ///   - requestTimeout: the deadline of one request attempt (plus 2 s per MiB sent); a stalled request fails
    ///     after this long and is retried.
    public init(
        endpoint: AzureEndpoint, container: String, credential: AzureCredential, id: String = "azure-blob",
        blockSize: Int = 8 << 20, requestTimeout: Duration = .seconds(120),
        outbound: OutboundPolicy = OutboundPolicy()
    ) throws(DestinationError) {
        guard !container.isEmpty, !container.contains("/") else {
            throw DestinationError(.invalid, "the container name is empty or holds '/'")
        }
        self.endpoint = endpoint
        self.container = container
        self.credential = credential
        self.id = id
        self.blockSize = max(1, blockSize)
        self.client = AzureHTTPClient(
            transport: HTTPTransport(configuration: .init(requestTimeout: requestTimeout, outbound: outbound)))
    }

    /// From an AEP `connectionString` (SharedKey or `SharedAccessSignature`), or an endpoint plus a `sasToken`.
    public init(
        connectionString: String?, sasToken: String?, container: String, id: String = "azure-blob",
        blockSize: Int = 8 << 20, requestTimeout: Duration = .seconds(120),
        outbound: OutboundPolicy = OutboundPolicy()
    ) throws(DestinationError) {
        guard let connectionString, !connectionString.isEmpty else {
            throw DestinationError(.invalid, "a connection string is required")
        }
        let parsed: AzureConnectionString
        let credential: AzureCredential
        do throws(SigningError) {
            parsed = try AzureConnectionString(connectionString)
            if let sasToken, !sasToken.isEmpty {
                credential = .sas(try AzureSASToken(query: sasToken))
            } else if let key = try parsed.sharedKeyCredential() {
                credential = .sharedKey(key)
            } else if let sas = try parsed.sasToken() {
                credential = .sas(sas)
            } else {
                throw SigningError(.malformedConfiguration, "no AccountKey or SAS", field: "connectionString")
            }
        } catch {
            throw DestinationError(.invalid, "the Azure connection settings are not usable: \(error.message)")
        }
        try self.init(
            endpoint: try AzureEndpoint(parsed.blobEndpoint), container: container, credential: credential, id: id,
            blockSize: blockSize, requestTimeout: requestTimeout, outbound: outbound)
    }

    var requests: AzureBlobRequests { AzureBlobRequests(endpoint: endpoint, container: container) }

    public func openWriter(path: String) async throws(DestinationError) -> any DestinationWriter {
        try DestinationPath.validate(path)
        return AzureBlobWriter(destination: self, path: path)
    }

    public func list(prefix: String) async throws(DestinationError) -> [DestinationObject] {
        try DestinationPath.validatePrefix(prefix)
        var objects: [DestinationObject] = []
        var marker: String?
        repeat {
            let response = try await client.send(
                requests.listBlobs(prefix: prefix, marker: marker), endpoint: endpoint, credential: credential,
                path: prefix)
            let page = try AzureBlobRequests.parseList(response.body)
            objects += page.objects
            marker = page.nextMarker
        } while marker != nil
        return objects.sorted { $0.path < $1.path }
    }

    public func delete(path: String) async throws(DestinationError) {
        try DestinationPath.validate(path)
        _ = try await client.send(
            requests.delete(path), endpoint: endpoint, credential: credential, path: path, acceptNotFound: true)
    }

    public func exists(path: String) async throws(DestinationError) -> Bool {
        try DestinationPath.validate(path)
        let response = try await client.send(
            requests.head(path), endpoint: endpoint, credential: credential, path: path, acceptNotFound: true)
        return response.status != 404
    }
}
