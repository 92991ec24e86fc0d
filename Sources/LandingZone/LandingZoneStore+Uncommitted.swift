import Foundation
import HTTPTypes

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bounds on what a blob may keep staged: at most `maxBlocks` uncommitted blocks and `maxBytes` of them
/// (`BlockCountExceedsLimit` / `RequestBodyTooLarge` beyond), and a staging folder untouched for `lifetime` is
/// discarded: lazily when the blob's blocks are next used, and for every blob by `sweepUncommitted` at start-up.
extension LandingZoneStore {
    struct UncommittedLimits: Sendable {
        var maxBlocks: Int
        var maxBytes: Int64
        var lifetime: TimeInterval
    }

    /// The path block `id` of `blob` is staged at and how many bytes it may hold; throws when the blob already has
    /// `maxBlocks` other staged blocks or `maxBytes` of them. Blocks untouched for `lifetime` are dropped first.
    func reserveBlock(
        _ container: String, _ blob: String, id: String, limits: UncommittedLimits, now: Date
    ) throws(LandingZoneError) -> (path: String, room: Int64) {
        expireIfStale(stagingFolder(container, blob), lifetime: limits.lifetime, now: now)
        let others = uncommittedBlocks(container, blob).filter { $0.id != id }
        guard others.count < limits.maxBlocks else {
            throw LandingZoneError(
                .conflict, "BlockCountExceedsLimit",
                "The uncommitted block count cannot exceed the maximum limit of \(limits.maxBlocks) blocks.")
        }
        let room = limits.maxBytes - others.reduce(0) { $0 + $1.size }
        guard room > 0 else { throw Self.uncommittedBytesExceeded(limits.maxBytes) }
        return (try blockPath(container, blob, id: id), room)
    }

    static func uncommittedBytesExceeded(_ limit: Int64) -> LandingZoneError {
        LandingZoneError(
            .contentTooLarge, "RequestBodyTooLarge",
            "The uncommitted blocks of this blob cannot exceed \(limit) bytes; commit or discard them first.")
    }

    /// Removes `folder` (a blob's staging folder) when neither it nor anything in it changed within `lifetime`
    /// before `now`; true when removed.
    @discardableResult
    func expireIfStale(_ folder: String, lifetime: TimeInterval, now: Date) -> Bool {
        guard let info = Self.stat(folder), info.isDirectory else { return false }
        var newest = info.modifiedNanoseconds
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            newest = max(newest, Self.stat(folder + "/" + name)?.modifiedNanoseconds ?? 0)
        }
        let age = now.timeIntervalSince1970 - Double(newest) / 1_000_000_000
        guard age > lifetime else { return false }
        return (try? FileManager.default.removeItem(atPath: folder)) != nil
    }

    /// Discards every blob's staged blocks and pending DFS appends untouched for `lifetime`; returns how many
    /// blobs' staging folders were removed.
    func sweepUncommitted(lifetime: TimeInterval, now: Date) -> Int {
        let staging = root + "/.staging"
        var removed = 0
        for container in (try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? [] {
            let folder = staging + "/" + container
            for blob in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            where expireIfStale(folder + "/" + blob, lifetime: lifetime, now: now) {
                removed += 1
            }
        }
        return removed
    }
}
