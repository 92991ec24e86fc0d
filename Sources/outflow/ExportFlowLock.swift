import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock` on `<data>/locks/export-flow-<flowId>.lock`, held while a CLI process runs a flow.
/// The kernel drops it when the process dies (even by SIGKILL), so whoever gets it knows no other CLI
/// process is running the flow, and may treat the flow's unfinished run as interrupted.
final class ExportFlowLock {
    private var fd: Int32

    private init(fd: Int32) { self.fd = fd }

    deinit { release() }

    /// Takes the lock without waiting; exit 3 when another process holds it, 1 when the file cannot be opened.
    static func acquire(dataDirectory: String, flowId: String) throws -> ExportFlowLock {
        let folder = dataDirectory + "/locks"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            CLIFailure.printError("error: cannot create \(folder): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        let path = folder + "/export-flow-\(flowId).lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            CLIFailure.printError("error: cannot open \(path): \(String(cString: strerror(errno)))")
            throw ExitCode.failure
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            _ = close(fd)
            CLIFailure.printError("error: another process is running flow \(flowId) (lock \(path))")
            throw CLIFailure.rejected
        }
        return ExportFlowLock(fd: fd)
    }

    /// Releases the lock (idempotent).
    func release() {
        guard fd >= 0 else { return }
        _ = flock(fd, LOCK_UN)
        _ = close(fd)
        fd = -1
    }
}
