extension JourneyValidator {
    /// Checks a report request against its data view: the dimension and every metric are components of it, column
    /// ids are unique, paging is in range, and global filters are date ranges (`start/end`) or segments.
    public static func validate(_ request: ReportRequest, dataView: DataView) throws(JourneyError) {
        guard dataView.dimension(request.dimension) != nil else {
            throw .invalid("dimension", "'\(request.dimension)' is not a dimension of data view '\(dataView.id)'")
        }
        guard !request.metricContainer.metrics.isEmpty else {
            throw .invalid("metricContainer.metrics", "a report needs at least one metric")
        }
        var columns: Set<String> = []
        for (index, metric) in request.metricContainer.metrics.enumerated() {
            guard dataView.metric(metric.id) != nil else {
                throw .invalid(
                    "metricContainer.metrics[\(index)].id",
                    "'\(metric.id)' is not a metric of data view '\(dataView.id)'")
            }
            guard columns.insert(metric.columnId).inserted else {
                throw .invalid(
                    "metricContainer.metrics[\(index)].columnId", "column id '\(metric.columnId)' is used twice")
            }
        }
        guard (1...50_000).contains(request.settings.limit) else {
            throw .invalid("settings.limit", "limit must be 1...50000")
        }
        guard request.settings.page >= 0 else { throw .invalid("settings.page", "page must be >= 0") }
        if let sort = request.settings.dimensionSort, sort != "asc", sort != "desc" {
            throw .invalid("settings.dimensionSort", "dimensionSort must be 'asc' or 'desc'")
        }
        for (index, filter) in request.globalFilters.enumerated() {
            let path = "globalFilters[\(index)]"
            switch filter.type {
            case "dateRange":
                guard let range = filter.dateRange, range.split(separator: "/").count == 2 else {
                    throw .invalid("\(path).dateRange", "a date range is 'start/end' (ISO 8601)")
                }
            case "segment":
                guard filter.segmentId?.isEmpty == false || filter.segmentDefinition != nil else {
                    throw .invalid("\(path).segmentId", "a segment filter names its segment")
                }
            default:
                throw .invalid("\(path).type", "a global filter is a 'dateRange' or a 'segment'")
            }
        }
    }
}
