import NIOCore

/// A staged SFTP upload: bytes go to `.<name>.outflow-tmp-<uuid>` beside the final name in pipelined WRITE
/// requests (`outstandingWrites` of `writeChunkSize` bytes in flight); `commit()` waits for every reply,
/// closes the handle and renames the file into place. `abort()` and any failure remove the staged file.
actor SFTPUploadWriter: DestinationWriter {
    nonisolated let path: String
    private let connection: SFTPConnection
    private let staged: String
    private let final: String
    private var handle: [UInt8]?
    private let chunkSize: Int
    private let window: Int
    /// Removes the staged file even when `connection` is gone (it may reconnect).
    private let cleanup: @Sendable (String) async -> Void
    private var pendingBytes = ByteBuffer()
    private var inFlight: [EventLoopFuture<SFTPResponse>] = []
    private var offset: UInt64 = 0
    private var finished = false

    init(
        path: String, connection: SFTPConnection, staged: String, final: String, handle: [UInt8],
        configuration: SFTPConfiguration, cleanup: @escaping @Sendable (String) async -> Void
    ) {
        self.path = path
        self.connection = connection
        self.staged = staged
        self.final = final
        self.handle = handle
        chunkSize = max(1024, configuration.writeChunkSize)
        window = max(1, configuration.outstandingWrites)
        self.cleanup = cleanup
    }

    func write(_ bytes: [UInt8]) async throws(DestinationError) {
        guard !finished, let handle else {
            throw DestinationError(.invalid, "write after commit or abort", path: path)
        }
        pendingBytes.writeBytes(bytes)
        do throws(DestinationError) {
            while pendingBytes.readableBytes >= chunkSize {
                try await send(handle: handle, length: chunkSize)
            }
            if pendingBytes.readerIndex > 0 { pendingBytes.discardReadBytes() }
        } catch {
            await fail()
            throw error
        }
    }

    private func send(handle: [UInt8], length: Int) async throws(DestinationError) {
        guard let chunk = pendingBytes.readSlice(length: length) else { return }
        inFlight.append(connection.send(.write(handle: handle, offset: offset, data: chunk)))
        offset += UInt64(length)
        if inFlight.count >= window { try await drainOne() }
    }

    private func drainOne() async throws(DestinationError) {
        guard !inFlight.isEmpty else { return }
        let reply = try await SFTPConnection.reply(inFlight.removeFirst())
        try SFTPConnection.expectOK(reply, operation: "write", reportAs: path)
    }

    func commit() async throws(DestinationError) -> PutResult {
        guard !finished, let handle else {
            throw DestinationError(.invalid, "commit after commit or abort", path: path)
        }
        do throws(DestinationError) {
            while pendingBytes.readableBytes > 0 {
                try await send(handle: handle, length: min(chunkSize, pendingBytes.readableBytes))
            }
            while !inFlight.isEmpty { try await drainOne() }
            self.handle = nil
            try await connection.expectOK(.close(handle: handle), reportAs: path)
            try await connection.replace(staged, with: final, reportAs: path)
        } catch {
            await fail()
            throw error
        }
        finished = true
        return PutResult(path: path, size: Int64(offset))
    }

    func abort() async {
        guard !finished else { return }
        await fail()
    }

    /// Waits out outstanding writes, closes the handle and removes the staged file; never throws.
    private func fail() async {
        finished = true
        let outstanding = inFlight
        inFlight.removeAll()
        for future in outstanding { _ = try? await SFTPConnection.reply(future) }
        if let handle, connection.isActive {
            _ = try? await connection.call(.close(handle: handle))
        }
        handle = nil
        pendingBytes.clear()
        await cleanup(staged)
    }
}
