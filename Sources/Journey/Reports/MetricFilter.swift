/// A filter of one metric column, in CJA's shape (`metricContainer.metricFilters`): a metric lists the ids of the
/// filters that apply to it in its `filters`, and counts only the events that pass all of them (and the global
/// filters):
/// - `segment`: the events a segment includes (`segmentId`, or an inline `segmentDefinition`);
/// - `breakdown`: the events whose `dimension` (`variables/<id>`) has the item `itemId` (the `itemId` of report
///   rows: FNV-1a of the value, "0" for Unspecified), after the dimension's persistence;
/// - `dateRange`: the events within `start/end` (intersected with the report's date range).
public struct MetricFilter: Sendable, Hashable, Codable {
    public var id: String
    /// `segment`, `breakdown` or `dateRange`.
    public var type: String
    public var segmentId: String?
    public var segmentDefinition: SegmentDefinition?
    public var dimension: String?
    public var itemId: String?
    public var dateRange: String?

    public init(
        id: String, type: String, segmentId: String? = nil, segmentDefinition: SegmentDefinition? = nil,
        dimension: String? = nil, itemId: String? = nil, dateRange: String? = nil
    ) {
        self.id = id
        self.type = type
        self.segmentId = segmentId
        self.segmentDefinition = segmentDefinition
        self.dimension = dimension
        self.itemId = itemId
        self.dateRange = dateRange
    }
}
