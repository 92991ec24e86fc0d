/// Streams one object through a JSON API resumable upload. Full chunks go out as bytes arrive; `commit()` sends
/// the final chunk, after which the object becomes visible whole. A failed chunk (dropped connection, `5xx`) is
/// followed by a status query and the upload resumes from the offset the server persisted.
actor GCSResumableWriter: DestinationWriter {
    nonisolated let path: String
    private let client: GCSJSONClient
    private var upload: GCSResumableUpload
    private var sessionURL: String?
    private var finished = false

    init(path: String, client: GCSJSONClient) throws(DestinationError) {
        self.path = path
        self.client = client
        upload = try GCSResumableUpload(chunkSize: client.configuration.chunkSize, path: path)
    }

    func write(_ bytes: [UInt8]) async throws(DestinationError) {
        guard !finished else { throw DestinationError(.invalid, "write after commit or abort", path: path) }
        upload.append(bytes)
        if upload.nextChunk != nil { try await transfer(final: false) }
    }

    func commit() async throws(DestinationError) -> PutResult {
        guard !finished else { throw DestinationError(.invalid, "commit after commit or abort", path: path) }
        finished = true
        try await transfer(final: true)
        return PutResult(path: path, size: upload.received)
    }

    func abort() async {
        guard !finished else { return }
        finished = true
        guard let sessionURL, !upload.isComplete else { return }
        _ = try? await client.http.send(client.api.cancelUpload(sessionURL: sessionURL))
    }

    /// Sends full chunks (or, when `final`, everything and the total) until done, resuming after failures.
    private func transfer(final: Bool) async throws(DestinationError) {
        let session = try await session()
        var failures = 0
        while true {
            let chunk: GCSResumableUpload.Chunk
            if final {
                guard !upload.isComplete else { return }
                chunk = upload.finalChunk
            } else {
                guard let next = upload.nextChunk else { return }
                chunk = next
            }
            let before = upload.persisted
            do throws(DestinationError) {
                let response = try await client.send(
                    client.api.uploadChunk(sessionURL: session, chunk: chunk), retrying: false)
                _ = try upload.apply(response)
            } catch {
                guard error.isRetryable else { throw error }
                failures += 1
                guard failures < client.configuration.maxAttempts else {
                    throw DestinationError(
                        .transient, "the upload failed \(failures) times in a row: \(error.message)", path: path)
                }
                try await GCSRetryLoop.pause(client.configuration.delay(afterAttempt: failures))
                let status = try await client.send(client.api.queryUploadStatus(sessionURL: session))
                _ = try upload.apply(status)
            }
            if upload.persisted > before { failures = 0 }
        }
    }

    /// The session URI, starting the resumable upload on first use.
    private func session() async throws(DestinationError) -> String {
        if let sessionURL { return sessionURL }
        let response = try await client.send(client.api.initiateResumableUpload(name: path))
        guard response.isSuccess else {
            throw GCSErrorMapping.error(
                for: response, operation: "start an upload", path: path, bucket: client.api.bucket)
        }
        guard let location = response.header("Location"), location.hasPrefix("http") else {
            throw DestinationError(.io, "GCS started an upload without a session URI (Location header)", path: path)
        }
        sessionURL = location
        return location
    }
}
