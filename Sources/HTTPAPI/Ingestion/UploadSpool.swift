import Foundation
import Hummingbird
import NIOCore
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Streams an upload body to a temporary file under `<data-dir>/uploads/`, enforcing a size limit, so
/// that large batch files never sit in memory.
package struct UploadSpool {
    let directory: String
    let limit: Int

    /// Removes upload files a previous process left behind (it died mid-upload).
    package static func removeLeftovers(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix("upload-") && name.hasSuffix(".part") {
            _ = unlink(directory + "/" + name)
        }
    }

    /// Writes `body` to a fresh file and returns its path and size; the caller deletes the file.
    func spool(_ body: RequestBody) async throws -> (path: String, bytes: Int) {
        _ = mkdir(directory, 0o755)
        let path = directory + "/upload-" + String(UInt64.random(in: 0...UInt64.max), radix: 16) + ".part"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw Problem(
                status: .internalServerError, code: "STORAGE",
                detail: "cannot create upload file \(path): errno \(errno)")
        }
        var total = 0
        do {
            for try await buffer in body {
                total += buffer.readableBytes
                guard total <= limit else {
                    throw Problem(
                        status: .contentTooLarge, code: "PAYLOAD_TOO_LARGE",
                        detail: "uploads are limited to \(limit) bytes")
                }
                try Self.write(buffer, to: fd, path: path)
            }
        } catch {
            close(fd)
            unlink(path)
            throw error
        }
        close(fd)
        return (path, total)
    }

    private static func write(_ buffer: ByteBuffer, to fd: Int32, path: String) throws(Problem) {
        do {
            _ = try buffer.withUnsafeReadableBytes { raw in try FileDescriptor(rawValue: fd).writeAll(raw) }
        } catch {
            let failure = (error as? Errno)?.rawValue ?? EIO
            throw Problem(
                status: .internalServerError, code: "STORAGE", detail: "cannot write \(path): errno \(failure)")
        }
    }
}
