/// Streams one block blob: bytes are buffered up to the block size; a full buffer becomes a Put Block. `commit()`
/// sends a Put Blob when nothing was staged, else the last block and one Put Block List. `abort()` commits
/// nothing, so the staged blocks are never visible.
actor AzureBlobWriter: DestinationWriter {
    nonisolated let path: String
    private let destination: AzureBlobDestination
    private let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
    private var buffer: [UInt8] = []
    private var blockIDs: [String] = []
    private var size: Int64 = 0
    private var finished = false

    init(destination: AzureBlobDestination, path: String) {
        self.destination = destination
        self.path = path
    }

    func write(_ bytes: [UInt8]) async throws(DestinationError) {
        guard !finished else { throw DestinationError(.invalid, "write after commit or abort", path: path) }
        buffer += bytes
        size += Int64(bytes.count)
        while buffer.count >= destination.blockSize {
            let block = Array(buffer.prefix(destination.blockSize))
            buffer.removeFirst(destination.blockSize)
            try await stage(block)
        }
    }

    private func stage(_ block: [UInt8]) async throws(DestinationError) {
        let id = AzureBlobRequests.blockID(token: token, index: blockIDs.count)
        _ = try await destination.client.send(
            destination.requests.putBlock(path, id: id), body: block, endpoint: destination.endpoint,
            credential: destination.credential, path: path)
        blockIDs.append(id)
    }

    func commit() async throws(DestinationError) -> PutResult {
        guard !finished else { throw DestinationError(.invalid, "commit after commit or abort", path: path) }
        finished = true
        let requests = destination.requests
        if blockIDs.isEmpty {
            _ = try await destination.client.send(
                requests.putBlob(path), body: buffer, endpoint: destination.endpoint,
                credential: destination.credential, path: path)
        } else {
            if !buffer.isEmpty { try await stage(buffer) }
            _ = try await destination.client.send(
                requests.putBlockList(path), body: try AzureBlobRequests.blockListBody(blockIDs),
                endpoint: destination.endpoint, credential: destination.credential, path: path)
        }
        buffer = []
        return PutResult(path: path, size: size)
    }

    func abort() async {
        finished = true
        buffer = []
    }
}
