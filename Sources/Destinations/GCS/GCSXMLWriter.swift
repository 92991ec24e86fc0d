import Signing

/// Streams one object through the XML interop API: objects smaller than one part go up in a single signed PUT at
/// `commit()`; larger ones use a multipart upload (parts of `chunkSize` bytes, completed at `commit()`, aborted on
/// failure so no orphaned parts remain). Nothing is visible before the final PUT or the completion.
actor GCSXMLWriter: DestinationWriter {
    nonisolated let path: String
    private let client: GCSXMLClient
    private var pending: [UInt8] = []
    private var uploadID: String?
    private var parts: [(number: Int, etag: String)] = []
    private var size: Int64 = 0
    private var finished = false

    init(path: String, client: GCSXMLClient) throws(DestinationError) {
        self.path = path
        self.client = client
    }

    func write(_ bytes: [UInt8]) async throws(DestinationError) {
        guard !finished else { throw DestinationError(.invalid, "write after commit or abort", path: path) }
        pending.append(contentsOf: bytes)
        size += Int64(bytes.count)
        let partSize = client.configuration.chunkSize
        while pending.count >= partSize * 2 || (uploadID != nil && pending.count > partSize) {
            try await failing { () async throws(DestinationError) in
                try await uploadPart(Array(pending[0..<partSize]))
            }
            pending.removeFirst(partSize)
        }
    }

    func commit() async throws(DestinationError) -> PutResult {
        guard !finished else { throw DestinationError(.invalid, "commit after commit or abort", path: path) }
        if uploadID == nil && pending.count <= client.configuration.chunkSize {
            finished = true
            let response = try await client.send("PUT", key: path, body: pending)
            guard response.isSuccess else {
                throw GCSErrorMapping.error(
                    for: response, operation: "write objects", path: path, bucket: client.bucket)
            }
            return PutResult(path: path, size: size)
        }
        try await failing { () async throws(DestinationError) in
            let last = pending
            pending = []
            try await uploadPart(last)
            try await complete()
        }
        finished = true
        return PutResult(path: path, size: size)
    }

    func abort() async {
        guard !finished else { return }
        finished = true
        await abortMultipart()
    }

    /// Runs `body`; on failure aborts the multipart upload before rethrowing.
    private func failing(_ body: () async throws(DestinationError) -> Void) async throws(DestinationError) {
        do throws(DestinationError) {
            try await body()
        } catch {
            finished = true
            await abortMultipart()
            throw error
        }
    }

    private func uploadPart(_ bytes: [UInt8]) async throws(DestinationError) {
        let id = try await multipartUploadID()
        let number = parts.count + 1
        let response = try await client.send(
            "PUT", key: path, query: [.init("partNumber", String(number)), .init("uploadId", id)], body: bytes)
        guard response.isSuccess, let etag = response.header("ETag") else {
            throw GCSErrorMapping.error(for: response, operation: "write objects", path: path, bucket: client.bucket)
        }
        parts.append((number, etag))
    }

    private func multipartUploadID() async throws(DestinationError) -> String {
        if let uploadID { return uploadID }
        let response = try await client.send("POST", key: path, query: [.init("uploads", "")], retrying: false)
        guard response.isSuccess else {
            throw GCSErrorMapping.error(for: response, operation: "write objects", path: path, bucket: client.bucket)
        }
        guard let id = S3InitiateMultipartUploadResult.uploadID(response.body) else {
            throw DestinationError(.io, "the XML API started a multipart upload without an UploadId", path: path)
        }
        uploadID = id
        return id
    }

    private func complete() async throws(DestinationError) {
        guard let uploadID else { return }
        let document: [UInt8]
        do throws(XMLDocumentError) {
            document = try XMLDocuments.encode(S3CompleteMultipartUpload(parts: parts, namespaced: false))
        } catch {
            throw DestinationError(.invalid, "complete the upload: \(error)", path: path)
        }
        let response = try await client.send(
            "POST", key: path, query: [.init("uploadId", uploadID)],
            headers: [.init("Content-Type", "application/xml")], body: document)
        guard response.isSuccess, !XMLDocuments.isDocument(XMLErrorDocument.self, response.body) else {
            throw GCSErrorMapping.error(
                for: GCSResponse(status: response.isSuccess ? 500 : response.status, body: response.body),
                operation: "complete the upload", path: path, bucket: client.bucket)
        }
        self.uploadID = nil
    }

    private func abortMultipart() async {
        guard let uploadID else { return }
        self.uploadID = nil
        _ = try? await client.send("DELETE", key: path, query: [.init("uploadId", uploadID)])
    }
}
