/// Azure Data Lake Storage Gen2 over the DFS endpoint: files are created under a hidden temporary name beside
/// their final path, filled with append calls, flushed, then renamed into place, so readers never see a partial
/// file. Authenticates with a service principal (OAuth client credentials against a configurable authority) or
/// the account key (SharedKey).
public struct ADLSGen2Destination: Destination {
    public let id: String
    /// The DFS endpoint (`https://<account>.dfs.core.windows.net` or `http://127.0.0.1:PORT/<account>`).
    public let endpoint: AzureEndpoint
    /// The file system (container).
    public let fileSystem: String
    let credential: AzureCredential
    let client: AzureHTTPClient
    /// Bytes per append call.
    let appendSize: Int

    /// - Parameter requestTimeout: the deadline of one request attempt (plus 2 s per MiB sent); a stalled request
    ///   fails after this long and is retried.
    public init(
        endpoint: AzureEndpoint, fileSystem: String, credential: AzureCredential, id: String = "adls-gen2",
        appendSize: Int = 8 << 20, requestTimeout: Duration = .seconds(120),
        outbound: OutboundPolicy = OutboundPolicy()
    ) throws(DestinationError) {
        guard !fileSystem.isEmpty, !fileSystem.contains("/") else {
            throw DestinationError(.invalid, "the file system name is empty or holds '/'")
        }
        self.endpoint = endpoint
        self.fileSystem = fileSystem
        self.credential = credential
        self.id = id
        self.appendSize = max(1, appendSize)
        self.client = AzureHTTPClient(
            transport: HTTPTransport(configuration: .init(requestTimeout: requestTimeout, outbound: outbound)))
    }

    var requests: ADLSGen2Requests { ADLSGen2Requests(endpoint: endpoint, fileSystem: fileSystem) }

    public func openWriter(path: String) async throws(DestinationError) -> any DestinationWriter {
        try DestinationPath.validate(path)
        let parent = DestinationPath.parent(path)
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let staged =
            (parent.isEmpty ? "" : parent + "/") + "." + DestinationPath.name(path) + DestinationPath.stagingMarker
            + token
        _ = try await client.send(requests.createFile(staged), endpoint: endpoint, credential: credential, path: path)
        return ADLSGen2Writer(destination: self, path: path, staged: staged)
    }

    public func list(prefix: String) async throws(DestinationError) -> [DestinationObject] {
        try await listAll(prefix: prefix).filter { object in
            !object.path.split(separator: "/").contains { DestinationPath.isStaging(String($0)) }
        }
    }

    /// Hidden `.<name>.outflow-tmp-*` files under `prefix`'s folder whose final path starts with `prefix`.
    public func stagedUploads(prefix: String) async throws(DestinationError) -> [StagedUpload] {
        try DestinationPath.validatePrefix(prefix)
        let directory = prefix.hasSuffix("/") ? String(prefix.dropLast()) : DestinationPath.parent(prefix)
        return try await listAll(prefix: directory.isEmpty ? "" : directory + "/").compactMap {
            object -> StagedUpload? in
            guard DestinationPath.isStaging(DestinationPath.name(object.path)) else { return nil }
            return DestinationPath.stagedUpload(atStagingPath: object.path)
        }.filter { $0.path.hasPrefix(prefix) }
    }

    /// Deletes the staging file.
    public func discard(_ upload: StagedUpload) async throws(DestinationError) {
        try DestinationPath.validateStaging(upload)
        _ = try await client.send(
            requests.delete(upload.handle), endpoint: endpoint, credential: credential, path: upload.path,
            acceptNotFound: true)
    }

    /// Every path under `prefix`'s folder starting with `prefix`, staging files included, sorted.
    private func listAll(prefix: String) async throws(DestinationError) -> [DestinationObject] {
        try DestinationPath.validatePrefix(prefix)
        let directory = prefix.hasSuffix("/") ? String(prefix.dropLast()) : DestinationPath.parent(prefix)
        var objects: [DestinationObject] = []
        var continuation: String?
        repeat {
            let response = try await client.send(
                requests.listPaths(directory: directory, continuation: continuation), endpoint: endpoint,
                credential: credential, path: prefix, acceptNotFound: true)
            if response.status == 404 { return [] }
            objects += try ADLSGen2Requests.parseList(response.body)
            continuation = response.header("x-ms-continuation").flatMap { $0.isEmpty ? nil : $0 }
        } while continuation != nil
        return objects.filter { $0.path.hasPrefix(prefix) }.sorted { $0.path < $1.path }
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
        return response.status != 404 && response.header("x-ms-resource-type") != "directory"
    }
}

/// Appends to the staged file in `appendSize` pieces; `commit()` flushes and renames it into place; `abort()`
/// deletes it.
actor ADLSGen2Writer: DestinationWriter {
    nonisolated let path: String
    private let staged: String
    private let destination: ADLSGen2Destination
    private var buffer: [UInt8] = []
    private var position: Int64 = 0
    private var finished = false

    init(destination: ADLSGen2Destination, path: String, staged: String) {
        self.destination = destination
        self.path = path
        self.staged = staged
    }

    func write(_ bytes: [UInt8]) async throws(DestinationError) {
        guard !finished else { throw DestinationError(.invalid, "write after commit or abort", path: path) }
        buffer += bytes
        while buffer.count >= destination.appendSize {
            let piece = Array(buffer.prefix(destination.appendSize))
            buffer.removeFirst(destination.appendSize)
            try await append(piece)
        }
    }

    private func append(_ piece: [UInt8]) async throws(DestinationError) {
        _ = try await destination.client.send(
            destination.requests.append(staged, position: position), body: piece, endpoint: destination.endpoint,
            credential: destination.credential, path: path)
        position += Int64(piece.count)
    }

    func commit() async throws(DestinationError) -> PutResult {
        guard !finished else { throw DestinationError(.invalid, "commit after commit or abort", path: path) }
        do throws(DestinationError) {
            if !buffer.isEmpty { try await append(buffer) }
            buffer = []
            let client = destination.client
            _ = try await client.send(
                destination.requests.flush(staged, position: position), endpoint: destination.endpoint,
                credential: destination.credential, path: path)
            _ = try await client.send(
                destination.requests.rename(from: staged, to: path), endpoint: destination.endpoint,
                credential: destination.credential, path: path)
            finished = true
            return PutResult(path: path, size: position)
        } catch {
            await abort()
            throw error
        }
    }

    func abort() async {
        guard !finished else { return }
        finished = true
        buffer = []
        _ = try? await destination.client.send(
            destination.requests.delete(staged), endpoint: destination.endpoint, credential: destination.credential,
            path: path, acceptNotFound: true)
    }
}
