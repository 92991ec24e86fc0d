#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where local-folder destinations may write: under one of the configured export roots (`OUTFLOW_EXPORT_ROOTS`),
/// never in the data directory (the lake, the catalog, the data key, the locks, the landing zone, the upload spool)
/// except its dedicated `exports` folder. Roots are checked once, when the policy is built; a path is checked
/// lexically here and again at write time, where `LocalFolderDestination` walks from the root without following a
/// symbolic link.
public struct LocalFolderPolicy: Sendable, Equatable {
    /// The setting naming the roots: comma-separated absolute folders.
    public static let setting = "OUTFLOW_EXPORT_ROOTS"

    /// The roots (absolute, without `.`, `..` or a trailing `/`), in the order configured.
    public let roots: [String]
    /// The data directory (absolute) whose folders are never written, or nil when the policy guards none.
    public let dataDirectory: String?
    /// The data directory's dedicated export folder (`<data>/exports`), the one place inside it a root may be.
    public let exportsFolder: String?

    /// No roots: every local-folder path is refused (the library default; the composition root sets the configured
    /// policy).
    public init() {
        roots = []
        dataDirectory = nil
        exportsFolder = nil
    }

    /// Roots guarding `dataDirectory`; `.invalid` with `field` `OUTFLOW_EXPORT_ROOTS` when a root is not absolute,
    /// has `.`/`..` segments, or is, contains or lies inside the data directory (except inside `exportsFolder`),
    /// compared both as written and with symbolic links of the existing part resolved.
    public init(roots: [String], dataDirectory: String, exportsFolder: String) throws(DestinationError) {
        let data = Self.normalized(dataDirectory) ?? dataDirectory
        let exports = Self.normalized(exportsFolder) ?? exportsFolder
        var checked: [String] = []
        for root in roots {
            guard let normal = Self.normalized(root) else {
                throw DestinationError(
                    .invalid, "export root '\(root)' must be an absolute folder without '.' or '..' segments",
                    field: Self.setting)
            }
            for (rootForm, dataForm, exportsForm) in [
                (normal, data, exports), (Self.canonical(normal), Self.canonical(data), Self.canonical(exports)),
            ] where Self.overlapsDataDirectory(rootForm, data: dataForm, exports: exportsForm) {
                throw DestinationError(
                    .invalid,
                    "export root '\(root)' overlaps the data directory '\(dataDirectory)' (its lake, catalog, keys "
                        + "and locks); choose a folder outside it, or '\(exportsFolder)'",
                    field: Self.setting)
            }
            if !checked.contains(normal) { checked.append(normal) }
        }
        self.roots = checked
        self.dataDirectory = data
        self.exportsFolder = exports
    }

    /// The policy from the setting's text: comma-separated absolute folders (blank entries ignored); unset or blank
    /// means `exportsFolder` alone.
    public init(setting text: String?, dataDirectory: String, exportsFolder: String) throws(DestinationError) {
        let entries = (text ?? "").split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
        try self.init(
            roots: entries.isEmpty ? [exportsFolder] : entries, dataDirectory: dataDirectory,
            exportsFolder: exportsFolder)
    }

    /// Where `path` may be written: the root it lies under and its segments below that root. A relative path, one
    /// with `.`/`..` segments, one inside the data directory or outside every root is refused (`.permission` for
    /// the last two, `.invalid` otherwise; `path` set).
    public func locate(_ path: String) throws(DestinationError) -> (root: String, segments: [String]) {
        guard let normal = Self.normalized(path) else {
            throw DestinationError(
                .invalid, "the local folder path must be absolute, without '.' or '..' segments", path: path)
        }
        if let data = dataDirectory, Self.isInside(normal, data),
            !(exportsFolder.map { Self.isInside(normal, $0) } ?? false)
        {
            throw DestinationError(
                .permission,
                "'\(path)' is inside the data directory (lake, catalog, keys); local-folder exports may only write "
                    + "under \(Self.setting): \(rootList)",
                path: path)
        }
        guard let root = roots.filter({ Self.isInside(normal, $0) }).max(by: { $0.count < $1.count }) else {
            throw DestinationError(
                .permission,
                "'\(path)' is outside the export roots; local-folder exports may only write under "
                    + "\(Self.setting): \(rootList)",
                path: path)
        }
        let below = normal.dropFirst(root == "/" ? 0 : root.count)
        return (root, below.split(separator: "/").map(String.init))
    }

    private var rootList: String { roots.isEmpty ? "(none configured)" : roots.joined(separator: ", ") }

    /// `path` without a trailing `/` or repeated `/`, nil when it is relative or has `.`/`..` segments or a NUL.
    static func normalized(_ path: String) -> String? {
        guard path.hasPrefix("/"), !path.utf8.contains(0) else { return nil }
        let segments = path.split(separator: "/")
        guard segments.allSatisfy({ $0 != "." && $0 != ".." }) else { return nil }
        return "/" + segments.joined(separator: "/")
    }

    /// True when `path` is `folder` or below it.
    static func isInside(_ path: String, _ folder: String) -> Bool {
        folder == "/" || path == folder || path.hasPrefix(folder + "/")
    }

    /// True when `root` is the data directory, contains it, or lies inside it outside `exports`.
    static func overlapsDataDirectory(_ root: String, data: String, exports: String) -> Bool {
        if isInside(data, root) { return true }
        return isInside(root, data) && !isInside(root, exports)
    }

    /// `path` with the symbolic links of its longest existing prefix resolved (`realpath`), the rest appended.
    static func canonical(_ path: String) -> String {
        var existing = path
        var rest: [Substring] = []
        while existing != "/" && !existing.isEmpty {
            if let resolved = realpath(existing, nil) {
                defer { free(resolved) }
                let base = String(cString: resolved)
                return rest.isEmpty ? base : (base == "/" ? "" : base) + "/" + rest.reversed().joined(separator: "/")
            }
            guard let slash = existing.lastIndex(of: "/") else { break }
            rest.append(existing[existing.index(after: slash)...])
            existing = slash == existing.startIndex ? "/" : String(existing[..<slash])
        }
        return path
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
