import Crypto
import Foundation
import HTTPTypes
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes: whole blobs staged beside their final name and renamed into place; blocks staged outside the
/// container and concatenated on Put Block List; DFS appends kept in a pending file renamed into place on flush.
extension LandingZoneStore {
    /// A fresh staged path beside `blob`'s final path (parent folders created) and that final path.
    func stage(_ container: String, _ blob: String) throws(LandingZoneError) -> (staged: String, final: String) {
        guard self.container(container) != nil else { throw .containerNotFound() }
        let final = blobPath(container, blob)
        if let info = Self.stat(final), info.isDirectory {
            throw LandingZoneError(.conflict, "PathConflict", "A directory exists at this path.")
        }
        let folder = Self.parent(final)
        try Self.makeDirectories(folder)
        let name = final[final.index(after: folder.endIndex)...]
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        return (folder + "/." + name + Self.stagingMarker + token, final)
    }

    /// fsyncs `staged`, renames it onto `final` and fsyncs the folder; the staged file is removed on failure.
    func commit(staged: String, final: String) throws(LandingZoneError) {
        guard Self.sync(staged) else {
            let code = errno
            unlink(staged)
            throw .storage("sync the uploaded data", errno: code)
        }
        if Glibc.rename(staged, final) != 0 {
            let code = errno
            unlink(staged)
            throw .storage("commit the blob", errno: code)
        }
        Self.sync(Self.parent(final))
    }

    /// Where block `id` of `blob` is staged (the staging folder is created).
    func blockPath(_ container: String, _ blob: String, id: String) throws(LandingZoneError) -> String {
        guard self.container(container) != nil else { throw .containerNotFound() }
        guard id.utf8.count <= 128 else { throw .invalidQuery("blockid") }
        let folder = try makeStagingFolder(container, blob)
        return folder + "/block-" + LandingZoneHex.encode(Array(id.utf8))
    }

    /// Creates the staging folder of `blob` and records the blob's name in it (`name`), so that an operator (or
    /// a test) can tell whose uncommitted blocks or appends they are; the folder itself is named by a hash.
    func makeStagingFolder(_ container: String, _ blob: String) throws(LandingZoneError) -> String {
        let folder = stagingFolder(container, blob)
        try Self.makeDirectories(folder)
        let nameFile = folder + "/name"
        if Self.stat(nameFile) == nil {
            _ = FileManager.default.createFile(atPath: nameFile, contents: Data(blob.utf8))
        }
        return folder
    }

    /// The staged blocks of `blob` (block id, size), by id.
    func uncommittedBlocks(_ container: String, _ blob: String) -> [(id: String, size: Int64)] {
        let folder = stagingFolder(container, blob)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasPrefix("block-") }.sorted().compactMap { name in
            guard
                let id = LandingZoneHex.decode(String(name.dropFirst(6))).flatMap({
                    String(validating: $0, as: UTF8.self)
                }),
                let info = Self.stat(folder + "/" + name)
            else { return nil }
            return (id, info.size)
        }
    }

    /// Concatenates the listed staged blocks into the blob in one atomic step (refused with `Md5Mismatch` when
    /// `properties` names an MD5 the result does not have), records `properties`, then drops every staged block.
    func commitBlockList(
        _ container: String, _ blob: String, _ references: [LandingZoneBlockReference],
        properties: WrittenProperties = .init()
    ) throws(LandingZoneError) -> Entry {
        let folder = stagingFolder(container, blob)
        var sources: [String] = []
        for reference in references {
            let path = folder + "/block-" + LandingZoneHex.encode(Array(reference.id.utf8))
            guard reference.kind != .committed, Self.stat(path) != nil else {
                throw .invalidBlockList("Block \(reference.id) is not staged.")
            }
            sources.append(path)
        }
        let (staged, final) = try stage(container, blob)
        let out = open(staged, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard out >= 0 else { throw .storage("create the blob", errno: errno) }
        do throws(LandingZoneError) {
            for source in sources { try Self.append(contentsOf: source, to: out) }
        } catch {
            close(out)
            unlink(staged)
            throw error
        }
        close(out)
        if let expected = properties.contentMD5, Self.md5Base64(staged) != expected {
            unlink(staged)
            throw .md5Mismatch("x-ms-blob-content-md5")
        }
        try commit(staged: staged, final: final)
        try recordProperties(container, blob, properties)
        try? FileManager.default.removeItem(atPath: folder)
        return try entry(container, blob)
    }

    /// Copy Blob within the landing zone: the source's bytes and recorded properties (its metadata replaced by
    /// `metadata` when given) become the destination, committed atomically.
    func copyBlob(
        from sourceContainer: String, _ sourceBlob: String, to container: String, _ blob: String,
        metadata: [String: String]?
    ) throws(LandingZoneError) -> Entry {
        guard self.container(sourceContainer) != nil, let info = Self.stat(blobPath(sourceContainer, sourceBlob)),
            info.isRegular
        else { throw LandingZoneError(.notFound, "CannotVerifyCopySource", "The specified blob does not exist.") }
        let source = withProperties(sourceContainer, info.entry(name: sourceBlob))
        let (staged, final) = try stage(container, blob)
        let out = open(staged, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard out >= 0 else { throw .storage("create the blob", errno: errno) }
        do throws(LandingZoneError) {
            try Self.append(contentsOf: blobPath(sourceContainer, sourceBlob), to: out)
        } catch {
            close(out)
            unlink(staged)
            throw error
        }
        close(out)
        try commit(staged: staged, final: final)
        try recordProperties(
            container, blob,
            WrittenProperties(
                contentMD5: source.contentMD5, contentType: source.contentType, metadata: metadata ?? source.metadata))
        return try entry(container, blob)
    }

    /// Copies the file at `source` to the end of `fd`.
    static func append(contentsOf source: String, to fd: Int32) throws(LandingZoneError) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .storage("open a staged block", errno: errno) }
        defer { close(input) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .storage("read a staged block", errno: errno)
            }
            if count == 0 { return }
            do {
                _ = try buffer.withUnsafeBytes { raw in
                    try FileDescriptor(rawValue: fd).writeAll(UnsafeRawBufferPointer(rebasing: raw[..<count]))
                }
            } catch {
                throw .storage("write the blob", errno: (error as? Errno)?.rawValue ?? EIO)
            }
        }
    }

    // MARK: DFS

    /// Creates an empty file (DFS create); with `ifNoneMatch`, an existing file is a conflict.
    func createFile(_ container: String, _ path: String, ifNoneMatch: Bool) throws(LandingZoneError) -> Entry {
        if ifNoneMatch, Self.stat(blobPath(container, path)) != nil {
            throw LandingZoneError(.conflict, "PathAlreadyExists", "The specified path already exists.")
        }
        let (staged, final) = try stage(container, path)
        let fd = open(staged, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .storage("create the file", errno: errno) }
        close(fd)
        try commit(staged: staged, final: final)
        try? FileManager.default.removeItem(atPath: stagingFolder(container, path))
        return try entry(container, path)
    }

    /// Creates a directory and its parents (DFS create with `resource=directory`).
    func createDirectory(_ container: String, _ path: String) throws(LandingZoneError) -> Entry {
        guard self.container(container) != nil else { throw .containerNotFound() }
        if let info = Self.stat(blobPath(container, path)), !info.isDirectory {
            throw LandingZoneError(.conflict, "PathConflict", "A file exists at this path.")
        }
        try Self.makeDirectories(blobPath(container, path))
        return try entry(container, path, allowDirectory: true)
    }

    /// The pending (appended, not yet flushed) data of a DFS file; created from the committed file if missing.
    /// Its length must equal `position`.
    func pendingForAppend(_ container: String, _ path: String, position: Int64) throws(LandingZoneError) -> String {
        let committed: Entry
        do throws(LandingZoneError) { committed = try entry(container, path) } catch {
            throw error.code == "BlobNotFound" ? .pathNotFound() : error
        }
        let folder = stagingFolder(container, path)
        let pending = folder + "/pending"
        if Self.stat(pending) == nil {
            _ = try makeStagingFolder(container, path)
            let fd = open(pending, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw .storage("stage appended data", errno: errno) }
            defer { close(fd) }
            if committed.size > 0 { try Self.append(contentsOf: blobPath(container, path), to: fd) }
        }
        let size = Self.stat(pending)?.size ?? 0
        guard size == position else {
            throw LandingZoneError(
                .badRequest, "InvalidFlushPosition",
                "The uploaded data is not contiguous or the position query parameter value is not equal to the "
                    + "length of the file after appending the uploaded data (expected \(size)).")
        }
        return pending
    }

    /// Makes the data appended up to `position` the file's content, in one rename.
    func flush(_ container: String, _ path: String, position: Int64) throws(LandingZoneError) -> Entry {
        let committed: Entry
        do throws(LandingZoneError) { committed = try entry(container, path) } catch {
            throw error.code == "BlobNotFound" ? .pathNotFound() : error
        }
        let pending = stagingFolder(container, path) + "/pending"
        guard let info = Self.stat(pending) else {
            guard committed.size == position else {
                throw LandingZoneError(
                    .badRequest, "InvalidFlushPosition", "The position does not match the file's length.")
            }
            return committed
        }
        guard info.size == position else {
            throw LandingZoneError(
                .badRequest, "InvalidFlushPosition",
                "The position query parameter value (\(position)) is not equal to the length of the appended data (\(info.size))."
            )
        }
        try commit(staged: pending, final: blobPath(container, path))
        try? FileManager.default.removeItem(atPath: stagingFolder(container, path))
        return try entry(container, path)
    }

    /// Renames a file or directory (DFS rename), replacing a file at the destination.
    func rename(
        from sourceContainer: String, _ sourcePath: String, to container: String, _ path: String
    ) throws(LandingZoneError) {
        guard self.container(sourceContainer) != nil, self.container(container) != nil else {
            throw .containerNotFound()
        }
        let source = blobPath(sourceContainer, sourcePath)
        guard Self.stat(source) != nil else {
            throw LandingZoneError(
                .notFound, "SourcePathNotFound", "The source path for a rename operation does not exist.")
        }
        let final = blobPath(container, path)
        try Self.makeDirectories(Self.parent(final))
        guard Glibc.rename(source, final) == 0 else { throw .storage("rename", errno: errno) }
        Self.sync(Self.parent(final))
        moveProperties(from: sourceContainer, sourcePath, to: container, path)
        try? FileManager.default.removeItem(atPath: stagingFolder(sourceContainer, sourcePath))
    }
}

extension LandingZoneHex {
    static func decode(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case 48...57: digit - 48
        case 97...102: digit - 87
        default: nil
        }
    }
}
