/// A report request in the shape of CJA's Reporting API (`POST /reports`): one dimension, its items ranked by the
/// metrics, within global filters. `dataId` is the data view.
public struct ReportRequest: Sendable, Hashable, Codable {
    public var dataId: String
    public var globalFilters: [GlobalFilter]
    public var metricContainer: MetricContainer
    /// `variables/<dimension id>` (the bare id is accepted too).
    public var dimension: String
    public var settings: ReportSettings
    /// Optional breakdowns, a shorthand for a global `breakdown` filter: only events where another dimension has
    /// the item count (CJA puts them in `metricContainer.metricFilters`; both work).
    public var breakdowns: [Breakdown]?

    public init(
        dataId: String, globalFilters: [GlobalFilter] = [], metricContainer: MetricContainer, dimension: String,
        settings: ReportSettings = ReportSettings(), breakdowns: [Breakdown]? = nil
    ) {
        self.dataId = dataId
        self.globalFilters = globalFilters
        self.metricContainer = metricContainer
        self.dimension = dimension
        self.settings = settings
        self.breakdowns = breakdowns
    }
}

/// A global filter: a date range (`start/end`, ISO 8601, end exclusive, in the data view's time zone when the
/// times carry no offset) or a segment by id (`segmentId`) or inline (`segmentDefinition`); only the events every
/// segment includes are counted.
public struct GlobalFilter: Sendable, Hashable, Codable {
    /// `dateRange` or `segment`.
    public var type: String
    /// `2024-01-01T00:00:00/2024-02-01T00:00:00` for `dateRange`.
    public var dateRange: String?
    public var segmentId: String?
    /// An inline segment; the journey service fills it in from `segmentId` before a report runs.
    public var segmentDefinition: SegmentDefinition?

    public init(
        type: String, dateRange: String? = nil, segmentId: String? = nil, segmentDefinition: SegmentDefinition? = nil
    ) {
        self.type = type
        self.dateRange = dateRange
        self.segmentId = segmentId
        self.segmentDefinition = segmentDefinition
    }
}

/// The report's metric columns and the filters they name (`ReportMetric.filters` lists `metricFilters` ids).
public struct MetricContainer: Sendable, Hashable, Codable {
    public var metrics: [ReportMetric]
    public var metricFilters: [MetricFilter]?

    public init(metrics: [ReportMetric], metricFilters: [MetricFilter]? = nil) {
        self.metrics = metrics
        self.metricFilters = metricFilters
    }
}

/// One metric column: `metrics/<metric id>`, its column id, and the ids of the `metricFilters` that filter it
/// alone.
public struct ReportMetric: Sendable, Hashable, Codable {
    public var columnId: String
    public var id: String
    public var filters: [String]?

    public init(columnId: String, id: String, filters: [String]? = nil) {
        self.columnId = columnId
        self.id = id
        self.filters = filters
    }
}

/// Paging and sorting: `limit` rows per page (default 50), `page` from 0, rows sorted by the first metric
/// (descending) unless `dimensionSort` (`asc` or `desc`) sorts them by the item's value.
public struct ReportSettings: Sendable, Hashable, Codable {
    public var limit: Int
    public var page: Int
    public var dimensionSort: String?

    public init(limit: Int = 50, page: Int = 0, dimensionSort: String? = nil) {
        self.limit = limit
        self.page = page
        self.dimensionSort = dimensionSort
    }
}

/// A breakdown: the report restricted to events where `dimension` has the item `itemId`.
public struct Breakdown: Sendable, Hashable, Codable {
    public var dimension: String
    public var itemId: String

    public init(dimension: String, itemId: String) {
        self.dimension = dimension
        self.itemId = itemId
    }
}
