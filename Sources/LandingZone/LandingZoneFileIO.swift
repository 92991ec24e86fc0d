import Hummingbird
import NIOCore
import NIOPosix
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Moves request and response bodies between the network and files, with every blocking file call on a
/// thread pool (never on an event loop) and at most about 1 MiB held in memory per request.
struct LandingZoneFileIO: Sendable {
    let pool: NIOThreadPool
    static let chunkSize = 1 << 20

    /// Runs a blocking store call on the pool.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws(LandingZoneError) -> T) async throws(LandingZoneError)
        -> T
    {
        do {
            return try await pool.runIfActive { () throws -> T in try body() }
        } catch let error as LandingZoneError {
            throw error
        } catch {
            throw LandingZoneError(.serviceUnavailable, "ServerBusy", "The server is shutting down.")
        }
    }

    /// Writes `body` to `path` (created, or appended to when `append`), at most `limit` bytes; returns the byte
    /// count. The file is left in place on failure; the caller removes it.
    func spool(_ body: RequestBody, to path: String, append: Bool, limit: Int) async throws(LandingZoneError) -> Int64 {
        let fd = try await run { () throws(LandingZoneError) -> Int32 in
            let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC)
            let fd = open(path, flags, 0o644)
            guard fd >= 0 else { throw .storage("create the upload file", errno: errno) }
            return fd
        }
        var total: Int64 = 0
        var pending = ByteBuffer()
        do {
            for try await buffer in body {
                total += Int64(buffer.readableBytes)
                guard total <= Int64(limit) else {
                    throw LandingZoneError(
                        .contentTooLarge, "RequestBodyTooLarge", "The request body is too large (limit \(limit) bytes)."
                    )
                }
                var buffer = buffer
                pending.writeBuffer(&buffer)
                if pending.readableBytes >= Self.chunkSize {
                    let chunk = pending
                    pending = ByteBuffer()
                    try await run { () throws(LandingZoneError) in try Self.write(chunk, to: fd) }
                }
            }
            let chunk = pending
            try await run { () throws(LandingZoneError) in
                try Self.write(chunk, to: fd)
                guard fsync(fd) == 0 else { throw .storage("sync the upload", errno: errno) }
            }
        } catch {
            _ = try? await run { close(fd) }
            throw error as? LandingZoneError
                ?? LandingZoneError(.badRequest, "IncompleteBody", "The request body ended early.")
        }
        _ = try? await run { close(fd) }
        return total
    }

    private static func write(_ buffer: ByteBuffer, to fd: Int32) throws(LandingZoneError) {
        do {
            _ = try buffer.withUnsafeReadableBytes { raw in try FileDescriptor(rawValue: fd).writeAll(raw) }
        } catch {
            throw .storage("write the upload", errno: (error as? Errno)?.rawValue ?? EIO)
        }
    }

    /// A response body streaming `count` bytes of `path` from `offset`, read on the pool in 1 MiB chunks.
    func body(path: String, offset: Int64, count: Int64) -> ResponseBody {
        let pool = pool
        return ResponseBody(contentLength: Int(count)) { writer in
            let io = LandingZoneFileIO(pool: pool)
            let fd = try await io.run { () throws(LandingZoneError) -> Int32 in
                let fd = open(path, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { throw .blobNotFound() }
                return fd
            }
            do {
                var position = offset
                let end = offset + count
                while position < end {
                    let want = Int(min(Int64(Self.chunkSize), end - position))
                    let at = position
                    let chunk = try await io.run { () throws(LandingZoneError) -> ByteBuffer in
                        var buffer = ByteBuffer()
                        buffer.reserveCapacity(want)
                        let read = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: want) { raw in
                            max(0, pread(fd, raw.baseAddress, want, off_t(at)))
                        }
                        guard read > 0 else { throw .storage("read the blob", errno: EIO) }
                        return buffer
                    }
                    position += Int64(chunk.readableBytes)
                    try await writer.write(chunk)
                }
                try await writer.finish(nil)
            } catch {
                _ = try? await io.run { close(fd) }
                throw error
            }
            _ = try? await io.run { close(fd) }
        }
    }
}
