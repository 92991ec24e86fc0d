/// Where segments are kept (`Storage` implements it in the catalog database beside `JourneyStore`). Updates carry
/// the version they replace (`ifMatch`); a mismatch is `.conflict` naming `If-Match`. A segment belongs to the
/// sandbox of the data view it was created on.
public protocol SegmentStore: Sendable {
    func segments(sandbox: String) async throws(JourneyError) -> [Segment]
    /// The segment `id` and its sandbox, nil when absent.
    func segment(id: String) async throws(JourneyError) -> (segment: Segment, sandbox: String)?
    /// Creates (version 1) or, with `ifMatch`, updates (version + 1); returns what was stored.
    func saveSegment(_ segment: Segment, sandbox: String, ifMatch: Int?) async throws(JourneyError) -> Segment
    func deleteSegment(id: String) async throws(JourneyError)
}
