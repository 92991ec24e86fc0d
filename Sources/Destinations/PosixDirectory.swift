#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open directory. Everything below it is reached with the `*at` calls, one segment at a time, and never through
/// a symbolic link (`O_NOFOLLOW`, `AT_SYMLINK_NOFOLLOW`): a link planted inside a local-folder destination cannot
/// lead a write, a listing or a delete out of it, even when it appears after the connection was made.
final class PosixDirectory: Sendable {
    let fd: Int32
    /// The destination-relative path of this directory, for error messages.
    let reportAs: String

    private init(fd: Int32, reportAs: String) {
        self.fd = fd
        self.reportAs = reportAs
    }

    deinit { _ = close(fd) }

    /// Opens the trusted folder `anchor` (a configured root: links in its own path are followed), creating it with
    /// its parents when `create` is set; nil when it is missing and `create` is not. Errors below it name paths
    /// from `anchor` on.
    static func anchor(_ anchor: String, create: Bool) throws(DestinationError) -> PosixDirectory? {
        if create { try PosixFile.createDirectories(anchor, reportAs: anchor) }
        let fd = open(anchor, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            if !create && (errno == ENOENT || errno == ENOTDIR) { return nil }
            throw PosixFile.error("open folder", path: anchor, errno: errno)
        }
        return PosixDirectory(fd: fd, reportAs: anchor)
    }

    /// The same directory, naming paths below it from `label` on (`""`: destination-relative names).
    func relabeled(_ label: String) throws(DestinationError) -> PosixDirectory {
        let copy = dup(fd)
        guard copy >= 0 else { throw PosixFile.error("open folder", path: reportAs, errno: errno) }
        return PosixDirectory(fd: copy, reportAs: label)
    }

    /// The directory `segments` below this one (each opened without following a link), creating missing ones when
    /// `create` is set; nil when one is missing and `create` is not. A symbolic link on the way is `.permission`.
    func descend(_ segments: [String], create: Bool) throws(DestinationError) -> PosixDirectory? {
        var current = self
        for segment in segments {
            guard let next = try current.child(segment, create: create) else { return nil }
            current = next
        }
        return current
    }

    /// The child directory `name`, created (0755) when missing and `create` is set.
    func child(_ name: String, create: Bool) throws(DestinationError) -> PosixDirectory? {
        let childPath = self.path(name)
        for attempt in 0..<2 {
            let fd = openat(self.fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if fd >= 0 { return PosixDirectory(fd: fd, reportAs: childPath) }
            let code = errno
            if isSymbolicLink(name) { throw Self.linkRefused(childPath) }
            if !create && (code == ENOENT || code == ENOTDIR) { return nil }
            guard code == ENOENT, attempt == 0 else {
                throw PosixFile.error("open folder", path: childPath, errno: code)
            }
            if mkdirat(self.fd, name, 0o755) != 0, errno != EEXIST {
                throw PosixFile.error("create directory", path: childPath, errno: errno)
            }
        }
        throw PosixFile.error("open folder", path: childPath, errno: ENOENT)
    }

    /// Creates the new file `name` for writing (`O_EXCL | O_NOFOLLOW`, 0644) and returns its descriptor.
    func createFile(_ name: String) throws(DestinationError) -> Int32 {
        let fd = openat(self.fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let code = errno
            if isSymbolicLink(name) { throw Self.linkRefused(path(name)) }
            throw PosixFile.error("create staged file", path: path(name), errno: code)
        }
        return fd
    }

    /// Renames `from` onto `to`, both in this directory (a link at `to` is replaced, never followed).
    func rename(_ from: String, to: String) -> Int32 {
        renameat(fd, from, fd, to) == 0 ? 0 : errno
    }

    /// Removes the file `name` (a link is removed itself); missing is not an error.
    func unlink(_ name: String, operation: String) throws(DestinationError) {
        if unlinkat(fd, name, 0) != 0, errno != ENOENT {
            throw PosixFile.error(operation, path: path(name), errno: errno)
        }
    }

    /// fsyncs this directory so a rename inside it is durable.
    func sync() throws(DestinationError) {
        if fsync(fd) != 0 { throw PosixFile.error("fsync directory", path: reportAs, errno: errno) }
    }

    /// What `name` is, without following a link.
    enum Entry {
        case directory
        case file(size: Int64)
        case other
    }

    func entry(_ name: String) -> Entry? {
        var info = stat()
        guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .file(size: Int64(info.st_size))
        default: return .other
        }
    }

    /// Entry names (without `.` and `..`).
    func names() throws(DestinationError) -> [String] {
        let copy = dup(fd)
        guard copy >= 0, let dir = fdopendir(copy) else {
            let code = errno
            if copy >= 0 { _ = close(copy) }
            throw PosixFile.error("list directory", path: reportAs, errno: code)
        }
        defer { closedir(dir) }
        rewinddir(dir)
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private func path(_ name: String) -> String { reportAs.isEmpty ? name : reportAs + "/" + name }

    private func isSymbolicLink(_ name: String) -> Bool {
        var info = stat()
        return fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    static func linkRefused(_ path: String) -> DestinationError {
        DestinationError(
            .permission,
            "'\(path)' is a symbolic link; local-folder destinations never follow links (permission denied)",
            path: path)
    }
}
