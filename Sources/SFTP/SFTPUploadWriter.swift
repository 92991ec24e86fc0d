import NIOCore

/// A staged SFTP upload: bytes go to `.<name>.outflow-tmp-<uuid>` beside the final name in pipelined WRITE
/// requests (`outstandingWrites` of `writeChunkSize` bytes in flight); `commit()` waits for every reply,
/// closes the handle and renames the file into place. `abort()` and any failure remove the staged file.
/// `path` is the path shown in errors.
package actor SFTPUploadWriter {
    package nonisolated let path: String
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

    package init(
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

    package func write(_ bytes: [UInt8]) async throws(SFTPError) {
        guard !finished, let handle else {
            throw SFTPError(.misuse, "write after commit or abort", path: path)
        }
        pendingBytes.writeBytes(bytes)
        do throws(SFTPError) {
            while pendingBytes.readableBytes >= chunkSize {
                // At most `window` writes outstanding, refilled half a window at a time in one event-loop hop.
                while inFlight.count > window / 2 { try await drainOne() }
                var batch: [SFTPRequest] = []
                while inFlight.count + batch.count < window, let chunk = pendingBytes.readSlice(length: chunkSize) {
                    batch.append(.write(handle: handle, offset: offset, data: chunk))
                    offset += UInt64(chunkSize)
                }
                inFlight += await connection.send(batch)
            }
            if pendingBytes.readerIndex > 0 { pendingBytes.discardReadBytes() }
        } catch {
            await fail()
            throw error
        }
    }

    private func send(handle: [UInt8], length: Int) async throws(SFTPError) {
        guard let chunk = pendingBytes.readSlice(length: length) else { return }
        inFlight.append(connection.send(.write(handle: handle, offset: offset, data: chunk)))
        offset += UInt64(length)
        if inFlight.count >= window { try await drainOne() }
    }

    private func drainOne() async throws(SFTPError) {
        guard !inFlight.isEmpty else { return }
        let reply = try await SFTPConnection.reply(inFlight.removeFirst())
        try SFTPConnection.expectOK(reply, operation: "write", reportAs: path)
    }

    /// Sends what is left, closes the handle and renames the file into place; returns the bytes written.
    package func commit() async throws(SFTPError) -> Int64 {
        guard !finished, let handle else {
            throw SFTPError(.misuse, "commit after commit or abort", path: path)
        }
        do throws(SFTPError) {
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
        return Int64(offset)
    }

    package func abort() async {
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
