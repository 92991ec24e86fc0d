/// Where everything lives under the data directory.
///
/// ```
/// <data>/catalog.sqlite
/// <data>/lake/<sandbox>/<datasetId>/batch=<batchId>/part-00000.parquet
/// <data>/lake/<sandbox>/<datasetId>/batch=<batchId>.tmp-<random>/   (being written; holds .lock)
/// <data>/staging/<batchId>/<input files>
/// <data>/run/<owner>.lock                                              (one per live Lake instance)
/// ```
struct LakeLayout: Sendable {
    let root: String

    var catalogPath: String { root + "/catalog.sqlite" }
    var lakeRoot: String { root + "/lake" }
    var stagingRoot: String { root + "/staging" }
    var runRoot: String { root + "/run" }

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
