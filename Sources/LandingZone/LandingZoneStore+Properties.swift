import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Blob properties (`LandingZoneProperties`) in sidecar files under
/// `<data>/landing-zone/.properties/<container>/<sha256(blob name)>.json`, outside every container. Written when
/// a blob is committed or its properties/metadata are set, dropped with the blob, moved with a DFS rename. A blob
/// without valid recorded properties (an export written straight to disk) gets its `Content-MD5` computed on
/// first sight when it is at most `lazyMD5Limit` bytes, and recorded for next time.
extension LandingZoneStore {
    /// The largest blob whose MD5 is computed when a listing or a read finds none recorded.
    static let lazyMD5Limit: Int64 = 64 << 20
    /// How many bytes one listing request hashes at most; later blobs of that page are listed without an MD5
    /// until a later listing or read computes it.
    static let listingHashBudget: Int64 = 256 << 20

    func propertiesFolder(_ container: String) -> String { root + "/.properties/" + container }

    func propertiesPath(_ container: String, _ blob: String) -> String {
        propertiesFolder(container) + "/" + LandingZoneHex.encode(Array(Crypto.SHA256.hash(data: Array(blob.utf8))))
            + ".json"
    }

    /// `entry` (a committed blob) with its Content-MD5, Content-Type and metadata filled in.
    func withProperties(_ container: String, _ entry: Entry) -> Entry {
        var hashBudget = Self.lazyMD5Limit
        return withProperties(container, entry, hashBudget: &hashBudget)
    }

    /// `entry` with its properties, computing a missing MD5 only within `hashBudget` bytes (then spent).
    func withProperties(_ container: String, _ entry: Entry, hashBudget: inout Int64) -> Entry {
        guard !entry.isDirectory, let info = Self.stat(blobPath(container, entry.name)), info.isRegular,
            let properties = properties(container, entry.name, info: info, hashBudget: &hashBudget)
        else { return entry }
        var entry = entry
        entry.contentMD5 = properties.contentMD5
        entry.contentType = properties.contentType
        entry.metadata = properties.metadata
        return entry
    }

    /// The recorded properties of a blob with `info` when they are still valid, completed with a computed MD5
    /// for a small blob that has none (then recorded); nil when there is nothing to report.
    func properties(_ container: String, _ blob: String, info: FileInfo) -> LandingZoneProperties? {
        var hashBudget = Self.lazyMD5Limit
        return properties(container, blob, info: info, hashBudget: &hashBudget)
    }

    /// As `properties(_:_:info:)`, hashing only when the blob fits in `hashBudget` bytes (then spent).
    func properties(
        _ container: String, _ blob: String, info: FileInfo, hashBudget: inout Int64
    ) -> LandingZoneProperties? {
        var properties = LandingZoneProperties(size: info.size, modifiedNanoseconds: info.modifiedNanoseconds)
        if let data = FileManager.default.contents(atPath: propertiesPath(container, blob)),
            let recorded = try? JSONDecoder().decode(LandingZoneProperties.self, from: data),
            recorded.size == info.size, recorded.modifiedNanoseconds == info.modifiedNanoseconds
        {
            properties = recorded
        }
        let nothing = properties.contentMD5 == nil && properties.contentType == nil && properties.metadata.isEmpty
        guard properties.contentMD5 == nil, info.size <= min(Self.lazyMD5Limit, hashBudget) else {
            return nothing ? nil : properties
        }
        hashBudget -= info.size
        let path = blobPath(container, blob)
        guard let md5 = Self.md5Base64(path) else { return nothing ? nil : properties }
        properties.contentMD5 = md5
        // Record only what still describes the file: it may have been replaced while it was read.
        if let after = Self.stat(path), after.size == info.size, after.modifiedNanoseconds == info.modifiedNanoseconds {
            try? saveProperties(container, blob, properties)
        }
        return properties
    }

    /// What a write sets besides the bytes: Content-MD5 (base64), Content-Type and metadata.
    struct WrittenProperties: Sendable, Hashable {
        var contentMD5: String?
        var contentType: String?
        var metadata: [String: String] = [:]
    }

    /// Records `written` for the blob as it is on disk now (its size and modification time included).
    func recordProperties(_ container: String, _ blob: String, _ written: WrittenProperties) throws(LandingZoneError) {
        guard let info = Self.stat(blobPath(container, blob)), info.isRegular else { throw .blobNotFound() }
        try saveProperties(
            container, blob,
            LandingZoneProperties(
                size: info.size, modifiedNanoseconds: info.modifiedNanoseconds, contentMD5: written.contentMD5,
                contentType: written.contentType, metadata: written.metadata))
    }

    func saveProperties(
        _ container: String, _ blob: String, _ properties: LandingZoneProperties
    ) throws(LandingZoneError) {
        try Self.makeDirectories(propertiesFolder(container))
        let path = propertiesPath(container, blob)
        let staged = path + Self.stagingMarker + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(properties), FileManager.default.createFile(atPath: staged, contents: data)
        else { throw .storage("record the blob properties", errno: EIO) }
        if Glibc.rename(staged, path) != 0 {
            let code = errno
            unlink(staged)
            throw .storage("record the blob properties", errno: code)
        }
    }

    func removeProperties(_ container: String, _ blob: String) {
        unlink(propertiesPath(container, blob))
    }

    /// Moves a blob's recorded properties along with a rename (its size and modification time do not change).
    func moveProperties(from sourceContainer: String, _ sourcePath: String, to container: String, _ path: String) {
        let source = propertiesPath(sourceContainer, sourcePath)
        guard Self.stat(source) != nil else { return }
        try? Self.makeDirectories(propertiesFolder(container))
        if Glibc.rename(source, propertiesPath(container, path)) != 0 { unlink(source) }
    }

    /// The base64 MD5 of the file at `path`; nil when it cannot be read.
    static func md5Base64(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var hasher = Insecure.MD5()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        }
        return Data(hasher.finalize()).base64EncodedString()
    }
}
