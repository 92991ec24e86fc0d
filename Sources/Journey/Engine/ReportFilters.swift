/// A report's filters checked against its data view: global segments and breakdowns (every metric counts only the
/// events they include) and each metric column's own filters (`metricContainer.metricFilters`, ANDed with the
/// global ones). Segments compile into leaf columns of the load query (`flags`) and `SegmentRule`s; breakdown
/// dimensions are loaded as text codes. Segments by id must have been resolved into `segmentDefinition`s first
/// (`JourneyService` does that).
struct ReportFilters: Sendable {
    enum Filter: Sendable {
        case segment(SegmentRule)
        /// Events whose dimension `dimensions[index]` (after persistence) has the item `itemId` ("0": none).
        case breakdown(dimension: Int, itemId: String)
        case dateRange(ReportWindow)
    }

    var global: [Filter] = []
    /// Per metric column, its own filters.
    var metrics: [[Filter]] = []
    /// Breakdown dimensions, loaded as text codes (`EventFields.filterDimensions`).
    var dimensions: [DimensionComponent] = []
    /// SQL boolean leaf columns (`EventFields.filterFlags`).
    var flags: [String] = []
    /// The metrics segment comparisons read.
    var segmentMetrics: [MetricComponent] = []
    /// Comparisons on dimensions with persistence (indices into `flags`).
    var persistedFlags: [SegmentCompiler.PersistedFlag] = []

    var isEmpty: Bool { global.isEmpty && metrics.allSatisfy(\.isEmpty) }

    init(_ request: ReportRequest, dataView: DataView, connection: JourneyConnection? = nil) throws(JourneyError) {
        var compiler = SegmentCompiler(dataView: dataView, connection: connection)
        for (index, filter) in request.globalFilters.enumerated() where filter.type == "segment" {
            let path = "globalFilters[\(index)]"
            guard let definition = filter.segmentDefinition else {
                throw .invalid(
                    "\(path).segmentId",
                    "segment '\(filter.segmentId ?? "")' is not resolved; give its id to the journey service or an "
                        + "inline segmentDefinition")
            }
            global.append(.segment(try compiler.compile(definition, path: "\(path).segmentDefinition")))
        }
        for (index, breakdown) in (request.breakdowns ?? []).enumerated() {
            global.append(
                try breakdownFilter(
                    breakdown.dimension, itemId: breakdown.itemId, path: "breakdowns[\(index)]", dataView: dataView))
        }
        var byId: [String: Filter] = [:]
        for (index, filter) in (request.metricContainer.metricFilters ?? []).enumerated() {
            let path = "metricContainer.metricFilters[\(index)]"
            guard !filter.id.isEmpty, byId[filter.id] == nil else {
                throw .invalid("\(path).id", "metric filter ids are required and unique ('\(filter.id)')")
            }
            switch filter.type {
            case "segment":
                guard let definition = filter.segmentDefinition else {
                    throw .invalid(
                        "\(path).segmentId", "segment '\(filter.segmentId ?? "")' is not resolved or not given")
                }
                byId[filter.id] = .segment(try compiler.compile(definition, path: "\(path).segmentDefinition"))
            case "breakdown":
                guard let dimension = filter.dimension, let itemId = filter.itemId else {
                    throw .invalid(path, "a breakdown filter names its dimension and itemId")
                }
                byId[filter.id] = try breakdownFilter(dimension, itemId: itemId, path: path, dataView: dataView)
            case "dateRange":
                do throws(JourneyError) {
                    let window = try ReportWindow(
                        filters: [GlobalFilter(type: "dateRange", dateRange: filter.dateRange ?? "")],
                        timeZone: dataView.timezoneDesignator)
                    byId[filter.id] = .dateRange(window)
                } catch {
                    throw .invalid("\(path).dateRange", error.message)
                }
            default:
                throw .invalid("\(path).type", "a metric filter is a 'segment', 'breakdown' or 'dateRange'")
            }
        }
        for (index, metric) in request.metricContainer.metrics.enumerated() {
            var filters: [Filter] = []
            for (position, id) in (metric.filters ?? []).enumerated() {
                guard let filter = byId[id] else {
                    throw .invalid(
                        "metricContainer.metrics[\(index)].filters[\(position)]", "no metric filter has the id '\(id)'")
                }
                filters.append(filter)
            }
            metrics.append(filters)
        }
        flags = compiler.flags
        segmentMetrics = compiler.metrics
        persistedFlags = compiler.persisted
    }

    private mutating func breakdownFilter(_ name: String, itemId: String, path: String, dataView: DataView)
        throws(JourneyError) -> Filter
    {
        guard let dimension = dataView.dimension(name) else {
            throw .invalid("\(path).dimension", "'\(name)' is not a dimension of data view '\(dataView.id)'")
        }
        guard !itemId.isEmpty, itemId.allSatisfy(\.isNumber) else {
            throw .invalid("\(path).itemId", "an itemId is the decimal item id of a report row, not '\(itemId)'")
        }
        if !dimensions.contains(dimension) { dimensions.append(dimension) }
        return .breakdown(dimension: dimensions.firstIndex(of: dimension) ?? 0, itemId: itemId)
    }
}
