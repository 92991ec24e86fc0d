/// What started a run.
public enum RunKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A slot of the flow's schedule (at most one run per (flow, slot)).
    case scheduled
    /// `POST /flows/{id}/runs`: exports like a scheduled run, now.
    case adHoc
    /// A full export of the batches committed in a window; it never moves the incremental watermark.
    case backfill
}
