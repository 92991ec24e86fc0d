public import Lake

/// The batches one run exports for one dataset.
public struct DatasetPlan: Sendable, Hashable {
    public var datasetId: String
    /// Lake files to export, oldest batch first.
    public var files: [LakeFile]
    /// First and last exported batch sequence; for an incremental run with nothing new both are the watermark.
    public var fromSequence: Int64
    public var toSequence: Int64

    public var isEmpty: Bool { files.isEmpty }
}

/// Picks batches (pure): full exports take every committed batch; incremental ones take the batches with a
/// sequence above the last successful watermark of (flow, dataset). The first incremental run has watermark
/// 0, so it exports everything.
public enum ExportPlanner {
    /// Batch sequences per dataset id that a backfill may export.
    public typealias Selection = [String: Set<Int64>]

    /// The batches to export for `datasetId`. With a `selection` (a backfill's batches, `ExportJob.selection`)
    /// only the selected sequences of the dataset are candidates (none when the dataset is missing from it).
    public static func plan(
        mode: ExportMode, datasetId: String, committed: [LakeFile], watermark: Int64, selection: Selection? = nil
    ) -> DatasetPlan {
        let after: Int64 = mode == .dailyFullExport ? 0 : watermark
        var candidates = committed.filter { $0.sequence > after }
        if let selection {
            let allowed = selection[datasetId] ?? []
            candidates = candidates.filter { allowed.contains($0.sequence) }
        }
        let files = candidates.sorted { ($0.sequence, $0.path) < ($1.sequence, $1.path) }
        guard let first = files.first, let last = files.last else {
            return DatasetPlan(datasetId: datasetId, files: [], fromSequence: after, toSequence: after)
        }
        return DatasetPlan(datasetId: datasetId, files: files, fromSequence: first.sequence, toSequence: last.sequence)
    }
}
