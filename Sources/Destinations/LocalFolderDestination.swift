import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Delivers into a folder on the local file system. Objects are staged as hidden `.<name>.outflow-tmp-*`
/// files beside their final name; commit fsyncs the file, renames it into place and fsyncs the directory.
///
/// Every operation opens the folder afresh from its trusted anchor and walks down one segment at a time without
/// following a symbolic link (`PosixDirectory`), then works relative to that directory: a link inside the folder,
/// even one created after the destination was built, is refused with `.permission` instead of being followed.
public struct LocalFolderDestination: Destination {
    public let id: String
    /// The absolute folder; object paths are relative to it.
    public let root: String
    /// The trusted folder the walk starts from (links in its own path are followed).
    private let anchor: String
    /// The segments from `anchor` down to `root`, each opened without following a link.
    private let base: [String]

    /// A destination rooted at a trusted folder (the Data Landing Zone's container, a benchmark's folder).
    /// - Parameters:
    ///   - root: an absolute folder; created if missing.
    ///   - id: the identifier used in manifests (defaults to `"local"`).
    public init(root: String, id: String = "local") throws(DestinationError) {
        guard let trimmed = LocalFolderPolicy.normalized(root) else {
            throw DestinationError(.invalid, "the local folder path must be absolute, without '..'", path: root)
        }
        self.root = trimmed
        self.id = id
        anchor = trimmed
        base = []
        try PosixFile.createDirectories(trimmed, reportAs: trimmed)
    }

    /// A destination at `path`, which `policy` must admit (`LocalFolderPolicy.locate(_:)`): it lies under one of
    /// the export roots and outside the data directory. Nothing is created until the first write; the folders
    /// between the root and `path` are walked without following links at every operation.
    public init(path: String, policy: LocalFolderPolicy, id: String = "local") throws(DestinationError) {
        let (anchor, segments) = try policy.locate(path)
        self.anchor = anchor
        base = segments
        root = segments.isEmpty ? anchor : (anchor == "/" ? "" : anchor) + "/" + segments.joined(separator: "/")
        self.id = id
    }

    /// The folder `relative` (destination-relative, `""` for the root), created when `create` is set; nil when it
    /// does not exist. Errors name destination-relative paths.
    func folder(_ relative: String, create: Bool) throws(DestinationError) -> PosixDirectory? {
        guard let top = try PosixDirectory.anchor(anchor, create: create),
            let rooted = try top.descend(base, create: create)
        else { return nil }
        let segments = relative.split(separator: "/").map(String.init)
        return try rooted.relabeled("").descend(segments, create: create)
    }

    public func openWriter(path: String) async throws(DestinationError) -> any DestinationWriter {
        try DestinationPath.validate(path)
        guard let directory = try folder(DestinationPath.parent(path), create: true) else {
            throw DestinationError(.notFound, "the folder could not be created", path: path)
        }
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let name = DestinationPath.name(path)
        let staged = "." + name + DestinationPath.stagingMarker + token
        return try LocalFileWriter(path: path, directory: directory, staged: staged, final: name)
    }

    public func list(prefix: String) async throws(DestinationError) -> [DestinationObject] {
        try DestinationPath.validatePrefix(prefix)
        // Walk from the deepest folder the prefix names completely, then filter by the full prefix.
        let start = prefix.hasSuffix("/") ? String(prefix.dropLast()) : DestinationPath.parent(prefix)
        guard let directory = try folder(start, create: false) else { return [] }
        var out: [DestinationObject] = []
        try walk(directory, relative: start, into: &out)
        return out.filter { $0.path.hasPrefix(prefix) }.sorted { $0.path < $1.path }
    }

    private func walk(_ directory: PosixDirectory, relative: String, into out: inout [DestinationObject])
        throws(DestinationError)
    {
        for name in try directory.names() where !DestinationPath.isStaging(name) {
            let child = relative.isEmpty ? name : relative + "/" + name
            switch directory.entry(name) {
            case .directory?:
                if let sub = try directory.child(name, create: false) { try walk(sub, relative: child, into: &out) }
            case .file(let size)?: out.append(DestinationObject(path: child, size: size))
            case .other?, nil: break  // links and special files are never listed
            }
        }
    }

    /// Hidden `.<name>.outflow-tmp-*` files under `prefix`'s folder whose final path starts with `prefix`.
    public func stagedUploads(prefix: String) async throws(DestinationError) -> [StagedUpload] {
        try DestinationPath.validatePrefix(prefix)
        let start = prefix.hasSuffix("/") ? String(prefix.dropLast()) : DestinationPath.parent(prefix)
        guard let directory = try folder(start, create: false) else { return [] }
        var out: [StagedUpload] = []
        try walkStaged(directory, relative: start, into: &out)
        return out.filter { $0.path.hasPrefix(prefix) }.sorted { $0.handle < $1.handle }
    }

    private func walkStaged(_ directory: PosixDirectory, relative: String, into out: inout [StagedUpload])
        throws(DestinationError)
    {
        for name in try directory.names() {
            let child = relative.isEmpty ? name : relative + "/" + name
            if DestinationPath.isStaging(name) {
                if let upload = DestinationPath.stagedUpload(atStagingPath: child) { out.append(upload) }
            } else if case .directory? = directory.entry(name),
                let sub = try directory.child(name, create: false)
            {
                try walkStaged(sub, relative: child, into: &out)
            }
        }
    }

    /// Unlinks the staging file.
    public func discard(_ upload: StagedUpload) async throws(DestinationError) {
        try DestinationPath.validateStaging(upload)
        guard let directory = try folder(DestinationPath.parent(upload.handle), create: false) else { return }
        try directory.unlink(DestinationPath.name(upload.handle), operation: "discard staged file")
    }

    public func delete(path: String) async throws(DestinationError) {
        try DestinationPath.validate(path)
        guard let directory = try folder(DestinationPath.parent(path), create: false) else { return }
        try directory.unlink(DestinationPath.name(path), operation: "delete")
    }

    public func exists(path: String) async throws(DestinationError) -> Bool {
        try DestinationPath.validate(path)
        guard let directory = try folder(DestinationPath.parent(path), create: false),
            case .file? = directory.entry(DestinationPath.name(path))
        else { return false }
        return true
    }
}

/// A staged local file in an open directory; `commit()` fsyncs, renames into place and fsyncs the directory.
actor LocalFileWriter: DestinationWriter {
    nonisolated let path: String
    private let directory: PosixDirectory
    private let staged: String
    private let final: String
    private var fd: Int32
    private var size: Int64 = 0

    init(path: String, directory: PosixDirectory, staged: String, final: String) throws(DestinationError) {
        self.path = path
        self.directory = directory
        self.staged = staged
        self.final = final
        fd = try directory.createFile(staged)
    }

    deinit {
        if fd >= 0 {
            _ = close(fd)
            _ = unlinkat(directory.fd, staged, 0)
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
            _ = unlinkat(directory.fd, staged, 0)
            throw PosixFile.error("fsync", path: path, errno: syncFailed)
        }
        let renameFailed = directory.rename(staged, to: final)
        if renameFailed != 0 {
            _ = unlinkat(directory.fd, staged, 0)
            throw PosixFile.error("rename into place", path: path, errno: renameFailed)
        }
        try directory.sync()
        return PutResult(path: path, size: size)
    }

    func abort() async {
        guard fd >= 0 else { return }
        _ = close(fd)
        fd = -1
        _ = unlinkat(directory.fd, staged, 0)
    }
}
