import NIOCore
import NIOHTTP1

/// A streaming S3 upload. Bytes collect into one part-sized buffer; the first full part starts a multipart
/// upload, and parts go up while later bytes arrive, at most `parallelParts` at a time. `commit()` sends a
/// small object as one `PutObject`, or uploads the last part and completes the upload; any failure aborts the
/// multipart upload, so nothing is visible under the key and no parts stay behind.
actor S3Writer: DestinationWriter {
    nonisolated let path: String
    private let destination: S3Destination
    private let partSize: Int
    private var buffer: ByteBuffer
    private var uploadID: String?
    private var nextPart = 1
    private var inFlight: [(number: Int, task: Task<Result<String, DestinationError>, Never>)] = []
    private var finished: [(number: Int, etag: String)] = []
    private var size: Int64 = 0
    private var closed = false

    init(destination: S3Destination, path: String) {
        self.destination = destination
        self.path = path
        self.partSize = destination.configuration.partSize
        self.buffer = ByteBufferAllocator().buffer(capacity: 0)
    }

    func write(_ bytes: [UInt8]) async throws(DestinationError) {
        guard !closed else { throw DestinationError(.invalid, "write after commit or abort", path: path) }
        if buffer.capacity == 0 { buffer.reserveCapacity(min(partSize, max(bytes.count, 64 << 10))) }
        buffer.writeBytes(bytes)
        size += Int64(bytes.count)
        while buffer.readableBytes >= partSize, let part = buffer.readSlice(length: partSize) {
            do throws(DestinationError) {
                try await startPart(part)
            } catch {
                await abort()
                throw error
            }
            buffer.discardReadBytes()
        }
    }

    func commit() async throws(DestinationError) -> PutResult {
        guard !closed else { throw DestinationError(.invalid, "commit after commit or abort", path: path) }
        do throws(DestinationError) {
            guard let uploadID else {
                _ = try await destination.send(destination.builder.putObject(key: path, body: buffer), path: path)
                closed = true
                return PutResult(path: path, size: size)
            }
            if buffer.readableBytes > 0 { try await startPart(buffer) }
            buffer = ByteBuffer()
            while !inFlight.isEmpty { try await finishOldestPart() }
            try await complete(uploadID: uploadID)
            closed = true
            return PutResult(path: path, size: size)
        } catch {
            await abort()
            throw error
        }
    }

    func abort() async {
        closed = true
        buffer = ByteBuffer()
        for part in inFlight { part.task.cancel() }
        for part in inFlight { _ = await part.task.value }
        inFlight = []
        guard let uploadID else { return }
        self.uploadID = nil
        let request = destination.builder.abortMultipartUpload(key: path, uploadID: uploadID)
        _ = try? await destination.send(request, path: path)
    }

    /// Starts the upload if needed, waits for a free slot, then sends `part` in a child task.
    private func startPart(_ part: ByteBuffer) async throws(DestinationError) {
        let id: String
        if let uploadID {
            id = uploadID
        } else {
            let response = try await destination.send(destination.builder.createMultipartUpload(key: path), path: path)
            guard let created = S3InitiateMultipartUploadResult.uploadID(response.body) else {
                throw DestinationError(.io, "CreateMultipartUpload: the answer has no UploadId", path: path)
            }
            uploadID = created
            id = created
        }
        while inFlight.count >= destination.configuration.parallelParts { try await finishOldestPart() }
        let number = nextPart
        nextPart += 1
        let request = destination.builder.uploadPart(key: path, uploadID: id, number: number, body: part)
        let destination = destination
        let path = path
        let task = Task { () -> Result<String, DestinationError> in
            do throws(DestinationError) {
                let response = try await destination.send(request, path: path)
                guard let etag = response.headers.first(name: "etag"), !etag.isEmpty else {
                    throw DestinationError(.io, "UploadPart \(number): the answer has no ETag", path: path)
                }
                return .success(etag)
            } catch {
                return .failure(error)
            }
        }
        inFlight.append((number, task))
    }

    private func finishOldestPart() async throws(DestinationError) {
        guard !inFlight.isEmpty else { return }
        let oldest = inFlight.removeFirst()
        let etag = try await oldest.task.value.get()
        finished.append((oldest.number, etag))
    }

    /// Completes the upload. A retried complete whose first attempt did succeed answers `NoSuchUpload`; the
    /// object is then checked by `HEAD` instead of failing a finished upload.
    private func complete(uploadID: String) async throws(DestinationError) {
        let request = try destination.builder.completeMultipartUpload(key: path, uploadID: uploadID, parts: finished)
        do throws(DestinationError) {
            _ = try await destination.send(request, path: path)
        } catch  where error.serviceCode == "NoSuchUpload" {
            guard try await destination.exists(path: path) else { throw error }
        }
        self.uploadID = nil
    }
}
