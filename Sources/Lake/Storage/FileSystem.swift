import Foundation
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few durable file operations the lake needs, with errors as `LakeError.storage`.
enum FileSystem {
    static func createDirectory(_ path: String) throws(LakeError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw LakeError.storage("cannot create directory: \(error.localizedDescription)", file: path)
        }
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Entries of a directory (empty if it does not exist).
    static func list(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    static func remove(_ path: String) throws(LakeError) {
        guard exists(path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw LakeError.storage("cannot remove: \(error.localizedDescription)", file: path)
        }
    }

    static func size(_ path: String) -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return Int64(info.st_size)
    }

    static func readAll(_ path: String) throws(LakeError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LakeError(.invalidInput, "cannot read file", file: path)
        }
        return [UInt8](data)
    }

    /// Writes `bytes` to a new file and fsyncs it.
    static func write(_ bytes: [UInt8], to path: String) throws(LakeError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw posixError("open", path) }
        defer { _ = close(fd) }
        try writeAll(bytes, to: fd, path: path)
        guard fsync(fd) == 0 else { throw posixError("fsync", path) }
    }

    /// Copies a file (streaming) and fsyncs the copy.
    static func copy(from source: String, to destination: String) throws(LakeError) {
        guard let input = FileHandle(forReadingAtPath: source) else {
            throw LakeError(.invalidInput, "cannot read file", file: source)
        }
        defer { try? input.close() }
        let fd = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw posixError("open", destination) }
        defer { _ = close(fd) }
        while true {
            let chunk: Data
            do {
                guard let next = try input.read(upToCount: 4 << 20), !next.isEmpty else { break }
                chunk = next
            } catch {
                throw LakeError(.invalidInput, "cannot read file: \(error.localizedDescription)", file: source)
            }
            try writeAll(chunk, to: fd, path: destination)
        }
        guard fsync(fd) == 0 else { throw posixError("fsync", destination) }
    }

    /// fsyncs a directory so renames and new entries in it are durable.
    static func syncDirectory(_ path: String) throws(LakeError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw posixError("open", path) }
        defer { _ = close(fd) }
        guard fsync(fd) == 0 else { throw posixError("fsync", path) }
    }

    /// Atomic rename (same file system).
    static func rename(_ from: String, to: String) throws(LakeError) {
        guard Glibc.rename(from, to) == 0 else { throw posixError("rename", from) }
    }

    /// Writes all of `bytes` (swift-system's `writeAll`: partial writes and EINTR retried).
    static func writeAll(_ bytes: some Sequence<UInt8>, to fd: Int32, path: String) throws(LakeError) {
        do {
            _ = try FileDescriptor(rawValue: fd).writeAll(bytes)
        } catch {
            let code = (error as? Errno)?.rawValue ?? EIO
            throw LakeError.storage("write failed: \(String(cString: strerror(code)))", file: path)
        }
    }

    static func posixError(_ operation: String, _ path: String) -> LakeError {
        LakeError.storage("\(operation) failed: \(String(cString: strerror(errno)))", file: path)
    }
}
