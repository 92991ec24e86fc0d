#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Thin POSIX helpers that map errno to `DestinationError` (no credentials ever involved locally).
enum PosixFile {
    static func error(_ operation: String, path: String, errno code: Int32) -> DestinationError {
        let reason = String(cString: strerror(code))
        let message = "\(operation) failed: \(reason)"
        switch code {
        case EACCES, EPERM, EROFS, ELOOP: return DestinationError(.permission, message, path: path)
        case ENOENT, ENOTDIR: return DestinationError(.notFound, message, path: path)
        case EAGAIN, EINTR, EBUSY, ETIMEDOUT: return DestinationError(.transient, message, path: path)
        case ENAMETOOLONG, EISDIR, EINVAL: return DestinationError(.invalid, message, path: path)
        default: return DestinationError(.io, message, path: path)
        }
    }

    /// `mkdir -p` for an absolute path.
    static func createDirectories(_ absolute: String, reportAs path: String) throws(DestinationError) {
        var current = ""
        for segment in absolute.split(separator: "/") {
            current += "/" + segment
            if mkdir(current, 0o755) != 0, errno != EEXIST {
                throw error("create directory", path: path, errno: errno)
            }
        }
    }
}

/// Reads a local file in 1 MiB chunks.
final class LocalFileReader {
    private let fd: Int32
    private let path: String

    init(path: String) throws(DestinationError) {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw PosixFile.error("open local file", path: path, errno: errno) }
    }

    deinit { _ = close(fd) }

    /// The next chunk, nil at the end of the file.
    func next() throws(DestinationError) -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PosixFile.error("read local file", path: path, errno: errno)
            }
            if n == 0 { return nil }
            chunk.removeSubrange(n...)
            return chunk
        }
    }
}
