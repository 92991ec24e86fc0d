#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Random-access bytes of one Parquet file: a file read with `pread`, or bytes in memory.
final class ByteSource: @unchecked Sendable {
    // Immutable after init; `pread` is safe to call from several threads on one descriptor.
    private let memory: [UInt8]?
    private let fd: Int32
    let size: Int
    let name: String

    init(bytes: [UInt8], name: String) {
        memory = bytes
        fd = -1
        size = bytes.count
        self.name = name
    }

    init(path: String) throws(ParquetError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ParquetError(.io, "cannot open: \(String(cString: strerror(errno)))", file: path)
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let message = String(cString: strerror(errno))
            _ = close(fd)
            throw ParquetError(.io, "cannot stat: \(message)", file: path)
        }
        self.fd = fd
        memory = nil
        size = Int(info.st_size)
        name = path
    }

    deinit {
        if fd >= 0 { _ = close(fd) }
    }

    /// Reads `count` bytes at `offset`; fails with `truncated` if the range is outside the file.
    func read(_ offset: Int, _ count: Int) throws(ParquetError) -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw ParquetError(
                .truncated, "range \(offset)+\(count) is outside the file of \(size) bytes", file: name, offset: offset)
        }
        if let memory { return Array(memory[offset..<offset + count]) }
        var done = 0
        var failure: Int32 = 0
        // Uninitialized: every byte returned was written by pread (`initialized` counts only those).
        let out = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            while done < count {
                let n = pread(fd, buffer.baseAddress.map { $0 + done }, count - done, off_t(offset + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if n == 0 { break }
                done += n
            }
            initialized = done
        }
        if failure != 0 {
            throw ParquetError(
                .io, "read failed: \(String(cString: strerror(failure)))", file: name, offset: offset + done)
        }
        guard done == count else {
            throw ParquetError(.truncated, "file ends early", file: name, offset: offset + done)
        }
        return out
    }
}
