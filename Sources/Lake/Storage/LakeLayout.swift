import Foundation

/// Where everything lives under the data directory.
///
/// ```
/// <data>/catalog.sqlite
/// <data>/lake/<sandbox>/<datasetId>/batch=<batchId>/part-00000.parquet
/// <data>/lake/<sandbox>/<datasetId>/batch=<batchId>.tmp-<random>/   (being written; holds .lock)
/// <data>/staging/<batchId>/<input files>
/// <data>/run/<owner>.lock                                              (one per live Lake instance)
/// <data>/secrets.key                                                   (the data key sealing stored credentials)
/// <data>/locks/export-flow-<flowId>.lock                               (one per flow being exported)
/// <data>/landing-zone/<container>/<blob>                               (the Data Landing Zone's blobs)
/// <data>/landing-zone.key                                              (its generated account key)
/// <data>/uploads/                                                      (request bodies spooled to disk)
/// <data>/exports/                                                      (the default local-folder export root)
/// ```
/// This type is the only place that knows these names: the export store, the flow locks, the landing zone and the
/// HTTP upload spool get their paths from it.
public struct LakeLayout: Sendable {
    /// The data directory (absolute).
    public let root: String

    public init(root: String) { self.root = root }

    public var catalogPath: String { root + "/catalog.sqlite" }
    public var lakeRoot: String { root + "/lake" }
    public var stagingRoot: String { root + "/staging" }
    public var runRoot: String { root + "/run" }
    /// The data key that seals stored credentials (created 0600 on first use).
    public var secretsKeyPath: String { root + "/secrets.key" }
    /// The folder of the per-flow export lock files.
    public var locksRoot: String { root + "/locks" }
    /// The Data Landing Zone's containers.
    public var landingZoneRoot: String { root + "/landing-zone" }
    /// The generated landing-zone account key (when none is configured).
    public var landingZoneKeyPath: String { root + "/landing-zone.key" }
    /// Where HTTP request bodies are spooled before ingestion.
    public var uploadsRoot: String { root + "/uploads" }
    /// The default (and only in-data-directory) export root for local-folder destinations (`OUTFLOW_EXPORT_ROOTS`).
    public var exportsRoot: String { root + "/exports" }

    func datasetDirectory(sandbox: String, datasetId: String) -> String {
        "\(lakeRoot)/\(sandbox)/\(datasetId)"
    }

    /// Relative (to the data directory) path of a committed batch directory.
    func relativeBatchDirectory(sandbox: String, datasetId: String, batchId: String) -> String {
        "lake/\(sandbox)/\(datasetId)/batch=\(batchId)"
    }

    func stagingDirectory(batchId: String) -> String { "\(stagingRoot)/\(batchId)" }

    func ownerLockPath(owner: String) -> String { "\(runRoot)/\(owner).lock" }

    func absolute(_ relative: String) -> String { root + "/" + relative }

    static func partName(_ index: Int) -> String {
        let digits = String(index)
        return "part-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + ".parquet"
    }

    /// The batch id of a directory entry `batch=<id>` or `batch=<id>.tmp-<random>`, and whether it is a tmp dir.
    static func parseBatchEntry(_ name: String) -> (batchId: String, isTemporary: Bool)? {
        guard name.hasPrefix("batch=") else { return nil }
        let rest = name.dropFirst("batch=".count)
        if let range = rest.range(of: ".tmp-") {
            return (String(rest[..<range.lowerBound]), true)
        }
        return (String(rest), false)
    }
}
