import Crypto
import Foundation
import HTTPTypes

#if canImport(CDispatch)
    // Release builds attribute glibc's `struct stat` to Dispatch's C module (MemberImportVisibility), so name it.
    import CDispatch
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The landing zone on disk: containers are the folders of `<data>/landing-zone/` (never those starting with
/// `.`), blobs are the files inside them (staged `.<name>.outflow-tmp-*` files are never shown), directories
/// are real folders. Uncommitted blocks and pending DFS appends live under `<data>/landing-zone/.staging/`,
/// outside every container, so nothing uncommitted is ever listed. Synchronous: callers run it on a thread
/// pool, never on an event loop.
struct LandingZoneStore: Sendable {
    /// A committed blob, container or directory as listings report it.
    struct Entry: Sendable, Hashable {
        var name: String
        var size: Int64
        /// RFC 1123 modification time.
        var lastModified: String
        /// `0x...` without quotes.
        var etag: String
        var isDirectory: Bool = false
        /// Base64 MD5 of the content, when recorded or computed (`LandingZoneStore+Properties`).
        var contentMD5: String?
        var contentType: String?
        /// User metadata (`x-ms-meta-<name>`), names lower-cased.
        var metadata: [String: String] = [:]
    }

    /// The folder of the containers (the lake layout's `landingZoneRoot`).
    let root: String

    init(root: String) {
        self.root = root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    static let stagingMarker = ".outflow-tmp-"

    func containerPath(_ container: String) -> String { root + "/" + container }

    func blobPath(_ container: String, _ blob: String) -> String { root + "/" + container + "/" + blob }

    /// The folder holding staged blocks and pending appends of one blob.
    func stagingFolder(_ container: String, _ blob: String) -> String {
        root + "/.staging/" + container + "/" + LandingZoneHex.encode(Array(Crypto.SHA256.hash(data: Array(blob.utf8))))
    }

    // MARK: containers

    func listContainers(prefix: String?) -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0.hasPrefix(prefix ?? "") }.sorted().compactMap { name in
            Self.stat(containerPath(name)).flatMap { $0.isDirectory ? $0.entry(name: name) : nil }
        }
    }

    func container(_ container: String) -> Entry? {
        guard let info = Self.stat(containerPath(container)), info.isDirectory else { return nil }
        return info.entry(name: container)
    }

    func createContainer(_ container: String) throws(LandingZoneError) -> Bool {
        try Self.makeDirectories(root)
        if mkdir(containerPath(container), 0o755) != 0 {
            if errno == EEXIST { return false }
            throw .storage("create the container", errno: errno)
        }
        return true
    }

    func deleteContainer(_ container: String) throws(LandingZoneError) {
        guard self.container(container) != nil else { throw .containerNotFound() }
        do {
            try FileManager.default.removeItem(atPath: containerPath(container))
            try? FileManager.default.removeItem(atPath: root + "/.staging/" + container)
            try? FileManager.default.removeItem(atPath: propertiesFolder(container))
        } catch {
            throw .storage("delete the container", errno: EIO)
        }
    }

    // MARK: blobs

    /// Every committed blob of `container` whose name starts with `prefix` (directories walked), by name.
    func blobs(_ container: String, prefix: String) throws(LandingZoneError) -> [Entry] {
        guard self.container(container) != nil else { throw .containerNotFound() }
        let base = prefix.contains("/") ? String(prefix[..<(prefix.lastIndex(of: "/") ?? prefix.startIndex)]) : ""
        var out: [Entry] = []
        walk(container, relative: base, directories: false, into: &out)
        return out.filter { $0.name.hasPrefix(prefix) }.sorted { $0.name < $1.name }
    }

    /// Files and (when `directories`) folders below `relative`, recursively.
    func walk(_ container: String, relative: String, directories: Bool, into out: inout [Entry]) {
        let folder = relative.isEmpty ? containerPath(container) : blobPath(container, relative)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where !(name.hasPrefix(".") && name.contains(Self.stagingMarker)) {
            let child = relative.isEmpty ? name : relative + "/" + name
            guard let info = Self.stat(folder + "/" + name) else { continue }
            if info.isDirectory {
                if directories { out.append(info.entry(name: child)) }
                walk(container, relative: child, directories: directories, into: &out)
            } else if info.isRegular {
                out.append(info.entry(name: child))
            }
        }
    }

    /// The blob (or, with `allowDirectory`, the directory) at `blob`.
    func entry(_ container: String, _ blob: String, allowDirectory: Bool = false) throws(LandingZoneError) -> Entry {
        guard self.container(container) != nil else { throw .containerNotFound() }
        guard let info = Self.stat(blobPath(container, blob)), info.isRegular || (allowDirectory && info.isDirectory)
        else { throw .blobNotFound() }
        return info.entry(name: blob)
    }

    /// Deletes a blob, or an empty directory (a non-empty one only when `recursive`).
    func delete(_ container: String, _ blob: String, recursive: Bool) throws(LandingZoneError) {
        let found = try entry(container, blob, allowDirectory: true)
        let path = blobPath(container, blob)
        if found.isDirectory {
            if recursive {
                var children: [Entry] = []
                walk(container, relative: blob, directories: false, into: &children)
                for child in children { removeProperties(container, child.name) }
                do { try FileManager.default.removeItem(atPath: path) } catch {
                    throw .storage("delete the directory", errno: EIO)
                }
            } else if rmdir(path) != 0 {
                if errno == ENOTEMPTY || errno == EEXIST {
                    throw LandingZoneError(
                        .conflict, "DirectoryNotEmpty",
                        "The recursive query parameter value must be true to delete a non-empty directory.")
                }
                throw .storage("delete the directory", errno: errno)
            }
        } else if unlink(path) != 0, errno != ENOENT {
            throw .storage("delete the blob", errno: errno)
        } else {
            removeProperties(container, blob)
        }
        try? FileManager.default.removeItem(atPath: stagingFolder(container, blob))
    }

    // MARK: helpers

    struct FileInfo {
        var size: Int64
        var modifiedNanoseconds: Int64
        var isDirectory: Bool
        var isRegular: Bool

        func entry(name: String) -> Entry {
            Entry(
                name: name, size: isDirectory ? 0 : size,
                lastModified: LandingZoneHTTPDate.rfc1123(epochSeconds: modifiedNanoseconds / 1_000_000_000),
                etag: "0x" + String(UInt64(bitPattern: modifiedNanoseconds ^ (size << 40)), radix: 16, uppercase: true),
                isDirectory: isDirectory)
        }
    }

    static func stat(_ path: String) -> FileInfo? {
        var info = Glibc.stat()
        guard systemStat(path, &info) == 0 else { return nil }
        let mode = info.st_mode & S_IFMT
        let nanos = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        return FileInfo(
            size: Int64(info.st_size), modifiedNanoseconds: nanos, isDirectory: mode == S_IFDIR,
            isRegular: mode == S_IFREG)
    }

    static func makeDirectories(_ path: String) throws(LandingZoneError) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw .storage("create a folder", errno: EIO)
        }
    }

    /// fsync a file or folder by path; false when it cannot be opened or synced.
    @discardableResult
    static func sync(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return fsync(fd) == 0
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }
}

/// `stat(2)` under a name no member shadows.
private func systemStat(_ path: String, _ buffer: inout stat) -> Int32 {
    stat(path, &buffer)
}

/// Lower-case hexadecimal of bytes (staging folder and block file names).
enum LandingZoneHex {
    static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
