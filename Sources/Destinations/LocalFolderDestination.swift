import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Delivers into a folder on the local file system. Objects are staged as hidden `.<name>.outflow-tmp-*`
/// files beside their final name; commit fsyncs the file, renames it into place and fsyncs the directory.
public struct LocalFolderDestination: Destination {
    public let id: String
    /// The absolute root folder; object paths are relative to it.
    public let root: String

    /// - Parameters:
    ///   - root: an absolute folder; created if missing.
    ///   - id: the identifier used in manifests (defaults to `"local"`).
    public init(root: String, id: String = "local") throws(DestinationError) {
        guard root.hasPrefix("/"), !root.split(separator: "/").contains("..") else {
            throw DestinationError(.invalid, "the local folder path must be absolute, without '..'", path: root)
        }
        let trimmed = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
        self.root = trimmed
        self.id = id
        try PosixFile.createDirectories(trimmed, reportAs: trimmed)
    }

    func absolute(_ path: String) -> String {
        path.isEmpty ? root : root + "/" + path
    }

    public func openWriter(path: String) async throws(DestinationError) -> any DestinationWriter {
        try DestinationPath.validate(path)
        let directory = absolute(DestinationPath.parent(path))
        try PosixFile.createDirectories(directory, reportAs: path)
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let staged = directory + "/." + DestinationPath.name(path) + DestinationPath.stagingMarker + token
        return try LocalFileWriter(path: path, staged: staged, final: absolute(path), directory: directory)
    }

    public func list(prefix: String) async throws(DestinationError) -> [DestinationObject] {
        try DestinationPath.validatePrefix(prefix)
        // Walk from the deepest folder the prefix names completely, then filter by the full prefix.
        let base = prefix.hasSuffix("/") ? String(prefix.dropLast()) : DestinationPath.parent(prefix)
        var out: [DestinationObject] = []
        try walk(relative: base, into: &out)
        return out.filter { $0.path.hasPrefix(prefix) }.sorted { $0.path < $1.path }
    }

    private func walk(relative: String, into out: inout [DestinationObject]) throws(DestinationError) {
        guard let names = try PosixFile.entries(absolute(relative), reportAs: relative) else { return }
        for name in names where !DestinationPath.isStaging(name) {
            let child = relative.isEmpty ? name : relative + "/" + name
            let full = absolute(child)
            if PosixFile.isDirectory(full) {
                try walk(relative: child, into: &out)
            } else if let size = PosixFile.regularFileSize(full) {
                out.append(DestinationObject(path: child, size: size))
            }
        }
    }

    /// Hidden `.<name>.outflow-tmp-*` files under `prefix`'s folder whose final path starts with `prefix`.
    public func stagedUploads(prefix: String) async throws(DestinationError) -> [StagedUpload] {
        try DestinationPath.validatePrefix(prefix)
        let base = prefix.hasSuffix("/") ? String(prefix.dropLast()) : DestinationPath.parent(prefix)
        var out: [StagedUpload] = []
        try walkStaged(relative: base, into: &out)
        return out.filter { $0.path.hasPrefix(prefix) }.sorted { $0.handle < $1.handle }
    }

    private func walkStaged(relative: String, into out: inout [StagedUpload]) throws(DestinationError) {
        guard let names = try PosixFile.entries(absolute(relative), reportAs: relative) else { return }
        for name in names {
            let child = relative.isEmpty ? name : relative + "/" + name
            if DestinationPath.isStaging(name) {
                if let upload = DestinationPath.stagedUpload(atStagingPath: child) { out.append(upload) }
            } else if PosixFile.isDirectory(absolute(child)) {
                try walkStaged(relative: child, into: &out)
            }
        }
    }

    /// Unlinks the staging file.
    public func discard(_ upload: StagedUpload) async throws(DestinationError) {
        try DestinationPath.validateStaging(upload)
        if unlink(absolute(upload.handle)) != 0, errno != ENOENT {
            throw PosixFile.error("discard staged file", path: upload.path, errno: errno)
        }
    }

    public func delete(path: String) async throws(DestinationError) {
        try DestinationPath.validate(path)
        if unlink(absolute(path)) != 0, errno != ENOENT {
            throw PosixFile.error("delete", path: path, errno: errno)
        }
    }

    public func exists(path: String) async throws(DestinationError) -> Bool {
        try DestinationPath.validate(path)
        return PosixFile.regularFileSize(absolute(path)) != nil
    }
}

/// A staged local file; `commit()` fsyncs, renames into place and fsyncs the directory.
actor LocalFileWriter: DestinationWriter {
    nonisolated let path: String
    private let staged: String
    private let final: String
    private let directory: String
    private var fd: Int32
    private var size: Int64 = 0

    init(path: String, staged: String, final: String, directory: String) throws(DestinationError) {
        self.path = path
        self.staged = staged
        self.final = final
        self.directory = directory
        fd = open(staged, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PosixFile.error("create staged file", path: path, errno: errno) }
    }

    deinit {
        if fd >= 0 {
            _ = close(fd)
            _ = unlink(staged)
        }
    }

    func write(_ bytes: [UInt8]) async throws(DestinationError) {
        guard fd >= 0 else { throw DestinationError(.invalid, "write after commit or abort", path: path) }
        do {
            _ = try FileDescriptor(rawValue: fd).writeAll(bytes)
        } catch {
            throw PosixFile.error("write", path: path, errno: (error as? Errno)?.rawValue ?? EIO)
        }
        size += Int64(bytes.count)
    }

    func commit() async throws(DestinationError) -> PutResult {
        guard fd >= 0 else { throw DestinationError(.invalid, "commit after commit or abort", path: path) }
        let syncFailed = fsync(fd) != 0 ? errno : 0
        _ = close(fd)
        fd = -1
        guard syncFailed == 0 else {
            _ = unlink(staged)
            throw PosixFile.error("fsync", path: path, errno: syncFailed)
        }
        if rename(staged, final) != 0 {
            let code = errno
            _ = unlink(staged)
            throw PosixFile.error("rename into place", path: path, errno: code)
        }
        try PosixFile.syncDirectory(directory, reportAs: path)
        return PutResult(path: path, size: size)
    }

    func abort() async {
        guard fd >= 0 else { return }
        _ = close(fd)
        fd = -1
        _ = unlink(staged)
    }
}
