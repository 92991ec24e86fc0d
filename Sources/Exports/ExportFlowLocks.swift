import Foundation
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One exclusive lock per flow, shared by every process on a data directory (`outflow serve`, `outflow export
/// run|retry`): an `flock` on `<data>/locks/export-flow-<flowId>.lock`, held while a process executes, resumes or
/// recovers a run of the flow, with the holder's pid written in the file so the loser can name it. The kernel
/// drops the lock when its holder dies (even by SIGKILL), so taking it also proves that a `running` run of the
/// flow has no live process. Re-entrant within one instance: the CLI holds it around resume + execute and the
/// runner takes it again for the attempt.
public final class ExportFlowLocks: Sendable {
    private struct Held {
        var fd: Int32
        var count: Int
    }

    /// The folder holding the lock files.
    public let folder: String
    private let held = Mutex<[String: Held]>([:])

    /// Locks in `folder` (the lake layout's `locksRoot`; created on first use).
    public init(folder: String) {
        self.folder = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
    }

    /// The lock file of a flow (characters other than letters, digits, `-` and `_` become `_`).
    public func path(flowId: String) -> String {
        let safe = String(flowId.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "_" })
        return folder + "/export-flow-\(safe).lock"
    }

    /// Takes the flow's lock without waiting. Throws `.conflict` (field `lock`, retryable) "flow X is being
    /// exported by pid N" when another process (or another `ExportFlowLocks` instance) holds it. The file work
    /// (create the folder, open, `flock`, write the pid) happens outside the instance's mutex, which only guards
    /// the table of held locks.
    public func acquire(flowId: String) throws(ExportsError) -> ExportFlowLease {
        if joinHeld(flowId) { return ExportFlowLease(flowId: flowId, owner: self) }
        switch Self.lock(file: path(flowId: flowId), folder: folder, flowId: flowId) {
        case .success(let fd):
            let raced = held.withLock { table -> Bool in
                if var entry = table[flowId] {
                    entry.count += 1
                    table[flowId] = entry
                    return true
                }
                table[flowId] = Held(fd: fd, count: 1)
                return false
            }
            // Another task of this instance registered the flow first: keep its descriptor, drop ours.
            if raced { _ = close(fd) }
        case .failure(let error):
            // The holder may be another task of this instance that registered while this one tried the file.
            guard joinHeld(flowId) else { throw error }
        }
        return ExportFlowLease(flowId: flowId, owner: self)
    }

    /// Adds a hold to a lock this instance already has; false when it has none.
    private func joinHeld(_ flowId: String) -> Bool {
        held.withLock { table in
            guard var entry = table[flowId] else { return false }
            entry.count += 1
            table[flowId] = entry
            return true
        }
    }

    func release(flowId: String) {
        let last = held.withLock { table -> Int32? in
            guard var entry = table[flowId] else { return nil }
            entry.count -= 1
            if entry.count > 0 {
                table[flowId] = entry
                return nil
            }
            table[flowId] = nil
            return entry.fd
        }
        guard let fd = last else { return }
        _ = ftruncate(fd, 0)
        _ = flock(fd, LOCK_UN)
        _ = close(fd)
    }

    private static func lock(file: String, folder: String, flowId: String) -> Result<Int32, ExportsError> {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            return .failure(
                ExportsError(
                    .lake, "cannot create the lock folder \(folder): \(error.localizedDescription)", underlying: error))
        }
        let fd = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            return .failure(ExportsError(.lake, "cannot open \(file): \(String(cString: strerror(errno)))"))
        }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            let holder = code == EWOULDBLOCK ? pid(in: fd) : nil
            _ = close(fd)
            guard code == EWOULDBLOCK else {
                return .failure(ExportsError(.lake, "cannot lock \(file): \(String(cString: strerror(code)))"))
            }
            return .failure(busy(flowId: flowId, pid: holder))
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        // The holder's pid is informational (the lock is the flock): a failed write only loses the pid.
        _ = try? FileDescriptor(rawValue: fd).writeAll(toAbsoluteOffset: 0, text)
        return .success(fd)
    }

    /// The error a loser gets.
    static func busy(flowId: String, pid: Int32?) -> ExportsError {
        let who = pid.map { "pid \($0)" } ?? "another process"
        return ExportsError(.conflict, "flow \(flowId) is being exported by \(who)", field: "lock", retryable: true)
    }

    private static func pid(in fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer.prefix(count), as: UTF8.self)
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// A held flow lock; `release()` (or deinit) gives it back.
public final class ExportFlowLease: Sendable {
    /// The locked flow.
    public let flowId: String
    private let owner: ExportFlowLocks
    private let released = Mutex(false)

    init(flowId: String, owner: ExportFlowLocks) {
        self.flowId = flowId
        self.owner = owner
    }

    deinit { release() }

    /// Releases this hold (idempotent); the file lock goes when the last hold of the instance is released.
    public func release() {
        let first = released.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        if first { owner.release(flowId: flowId) }
    }
}

extension ExportsError {
    /// True for the error of `ExportFlowLocks.acquire(flowId:)` when another process holds the flow's lock.
    public var isFlowBusy: Bool { code == .conflict && field == "lock" }
}
