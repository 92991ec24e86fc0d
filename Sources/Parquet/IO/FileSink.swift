import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An I/O failure on a local file.
public struct FileIOError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var errno: Int32

    public init(path: String, operation: String, errno: Int32) {
        self.path = path
        self.operation = operation
        self.errno = errno
    }

    public var description: String {
        "\(operation) \(path): \(String(cString: strerror(errno)))"
    }
}

/// Writes to a new local file through a 1 MiB buffer. `close(sync:)` flushes, optionally fsyncs, and closes.
public final class FileSink: ByteSink {
    public let path: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private let bufferCapacity = 1 << 20
    public private(set) var bytesWritten = 0

    /// Creates (or truncates) the file at `path`.
    public init(path: String) throws(FileIOError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileIOError(path: path, operation: "open", errno: errno) }
        buffer.reserveCapacity(bufferCapacity)
    }

    deinit {
        if fd >= 0 { _ = Glibc.close(fd) }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        bytesWritten += bytes.count
        if buffer.count + bytes.count > bufferCapacity {
            try flush()
            if bytes.count >= bufferCapacity {
                try writeAll(bytes)
                return
            }
        }
        buffer.append(contentsOf: bytes)
    }

    /// Writes out buffered bytes.
    public func flush() throws(FileIOError) {
        guard !buffer.isEmpty else { return }
        var failure: FileIOError?
        buffer.withUnsafeBytes { raw in
            do throws(FileIOError) { try writeAll(raw) } catch { failure = error }
        }
        buffer.removeAll(keepingCapacity: true)
        if let failure { throw failure }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(FileIOError) {
        guard fd >= 0 else { throw FileIOError(path: path, operation: "write (closed)", errno: EBADF) }
        do {
            _ = try FileDescriptor(rawValue: fd).writeAll(bytes)
        } catch {
            throw FileIOError(path: path, operation: "write", errno: (error as? Errno)?.rawValue ?? EIO)
        }
    }

    /// Flushes, fsyncs when `sync` is true, and closes the file.
    public func close(sync: Bool = true) throws(FileIOError) {
        try flush()
        guard fd >= 0 else { return }
        if sync, fsync(fd) != 0 { throw FileIOError(path: path, operation: "fsync", errno: errno) }
        let result = Glibc.close(fd)
        fd = -1
        if result != 0 { throw FileIOError(path: path, operation: "close", errno: errno) }
    }
}
