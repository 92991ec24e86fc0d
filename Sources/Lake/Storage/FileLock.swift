#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock` on a file, held until `unlock()` or deinit. The kernel drops it when the process dies,
/// so "can I take this lock?" answers "is its holder still alive?".
final class FileLock: Sendable {
    let path: String
    private let fd: Int32

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    deinit { _ = close(fd) }

    /// Creates `path` if needed and locks it; waits for the holder when `wait`, else returns nil if held.
    static func acquire(path: String, wait: Bool) throws(LakeError) -> FileLock? {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw LakeError.storage("cannot open lock file: \(String(cString: strerror(errno)))", file: path)
        }
        while true {
            if flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) == 0 { return FileLock(path: path, fd: fd) }
            let code = errno
            if code == EINTR { continue }
            _ = close(fd)
            if code == EWOULDBLOCK { return nil }
            throw LakeError.storage("cannot lock: \(String(cString: strerror(code)))", file: path)
        }
    }

    /// True when some live process holds the lock on `path` (false if the file does not exist).
    static func isHeld(path: String) -> Bool {
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { _ = close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            _ = flock(fd, LOCK_UN)
            return false
        }
        return true
    }
}
