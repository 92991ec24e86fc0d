import Foundation
import Logging

/// Start-up cleanup: after a crash (even `kill -9`) only committed batches stay visible and no stray files
/// remain, while work of live processes sharing the data directory is left alone.
///
/// 1. `loading` batches whose owner (the `Lake` instance that created them) holds no lock any more are aborted.
/// 2. In `lake/<sandbox>/<dataset>/`: `batch=<id>.tmp-*` directories whose `.lock` is free and whose batch is
///    not loading are removed; `batch=<id>` directories of batches that are not `success` (and not loading)
///    are removed; dataset directories of unknown datasets are removed.
/// 3. `staging/<batchId>` directories of batches that are not loading are removed.
struct Recovery {
    let lake: Lake

    func run() throws(LakeError) {
        try abortDeadBatches()
        let statuses = try batchStatuses()
        let datasets = try lake.catalog.datasetIds()
        try cleanLake(statuses: statuses, datasets: datasets)
        try cleanStaging(statuses: statuses)
        cleanOwnerLocks()
    }

    private func abortDeadBatches() throws(LakeError) {
        let loading = try lake.catalog.loadingBatches()
        let dead = loading.filter { row in
            row.owner != lake.owner && !FileLock.isHeld(path: lake.layout.ownerLockPath(owner: row.owner))
        }
        guard !dead.isEmpty else { return }
        // The store re-checks each: its owner may have finished it in the meantime.
        try lake.catalog.abortLoadingBatches(
            ids: dead.map(\.id), summary: "aborted by recovery: the process loading this batch stopped",
            now: LakeID.nowMillis())
        for row in dead {
            lake.logger.notice("recovery: aborted batch of a stopped process", metadata: ["batchId": "\(row.id)"])
        }
    }

    private func batchStatuses() throws(LakeError) -> [String: BatchStatus] {
        let pairs = try lake.catalog.batchStatuses()
        var out: [String: BatchStatus] = [:]
        for (id, status) in pairs { out[id] = BatchStatus(rawValue: status) ?? .failed }
        return out
    }

    private func cleanLake(statuses: [String: BatchStatus], datasets: Set<String>) throws(LakeError) {
        let root = lake.layout.lakeRoot
        for sandbox in FileSystem.list(root) {
            let sandboxDirectory = root + "/" + sandbox
            guard FileSystem.isDirectory(sandboxDirectory) else { continue }
            for datasetId in FileSystem.list(sandboxDirectory) {
                let datasetDirectory = sandboxDirectory + "/" + datasetId
                guard datasets.contains(datasetId) else {
                    if !datasetHasLiveWork(datasetDirectory, statuses: statuses) {
                        try remove(datasetDirectory, reason: "unknown dataset")
                    }
                    continue
                }
                for entry in FileSystem.list(datasetDirectory) {
                    guard let (batchId, isTemporary) = LakeLayout.parseBatchEntry(entry) else { continue }
                    let path = datasetDirectory + "/" + entry
                    let status = statuses[batchId]
                    if status == .loading { continue }
                    if isTemporary {
                        if !FileLock.isHeld(path: path + "/.lock") { try remove(path, reason: "unfinished write") }
                    } else if status != .success {
                        try remove(path, reason: "batch not committed")
                    }
                }
            }
        }
    }

    private func datasetHasLiveWork(_ directory: String, statuses: [String: BatchStatus]) -> Bool {
        FileSystem.list(directory).contains { entry in
            guard let (batchId, _) = LakeLayout.parseBatchEntry(entry) else { return false }
            return statuses[batchId] == .loading || FileLock.isHeld(path: directory + "/" + entry + "/.lock")
        }
    }

    private func cleanStaging(statuses: [String: BatchStatus]) throws(LakeError) {
        let root = lake.layout.stagingRoot
        for batchId in FileSystem.list(root) where statuses[batchId] != .loading {
            try remove(root + "/" + batchId, reason: "staging of a finished batch")
        }
    }

    /// Removes lock files of stopped instances (older than a minute, so a starting instance is never raced).
    private func cleanOwnerLocks() {
        let root = lake.layout.runRoot
        let cutoff = Date().addingTimeInterval(-60)
        for entry in FileSystem.list(root) where entry.hasSuffix(".lock") {
            let path = root + "/" + entry
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let modified = attributes[.modificationDate] as? Date, modified < cutoff
            else { continue }
            if !FileLock.isHeld(path: path) { _ = try? FileSystem.remove(path) }
        }
    }

    private func remove(_ path: String, reason: String) throws(LakeError) {
        lake.logger.notice("recovery: removing \(path) (\(reason))")
        try FileSystem.remove(path)
    }
}
