/// A report request checked against its data view and connection: the dimension, the metrics in column order,
/// the fields to read, and the filters (segments, breakdowns, metric filters).
struct ReportPlan: Sendable {
    struct Metric: Sendable {
        var columnId: String
        var component: MetricComponent
        var measure: MetricKernel.Measure
    }

    var dimension: DimensionComponent
    var metrics: [Metric]
    var fields: EventFields
    var settings: ReportSettings
    /// Segments, breakdowns and metric filters.
    var filters: ReportFilters

    init(_ request: ReportRequest, dataView: DataView, connection: JourneyConnection) throws(JourneyError) {
        guard request.dataId.isEmpty || request.dataId == dataView.id else {
            throw .invalid("dataId", "the request is for data view '\(request.dataId)', not '\(dataView.id)'")
        }
        guard dataView.parentDataGroupId == connection.id else {
            throw .invalid("parentDataGroupId", "data view '\(dataView.id)' is not over connection '\(connection.id)'")
        }
        guard let dimension = dataView.dimension(request.dimension) else {
            throw .invalid("dimension", "unknown dimension '\(request.dimension)'")
        }
        for (index, filter) in request.globalFilters.enumerated() where !["dateRange", "segment"].contains(filter.type)
        {
            throw .invalid("globalFilters[\(index)]", "unknown global filter type '\(filter.type)'")
        }
        guard request.settings.limit > 0, request.settings.page >= 0 else {
            throw .invalid("settings", "limit must be positive and page at least 0")
        }
        if let sort = request.settings.dimensionSort, sort != "asc", sort != "desc" {
            throw .invalid("settings.dimensionSort", "expected 'asc' or 'desc', got '\(sort)'")
        }
        guard !request.metricContainer.metrics.isEmpty else {
            throw .invalid("metricContainer.metrics", "a report needs at least one metric")
        }
        var components: [MetricComponent] = []
        for (index, metric) in request.metricContainer.metrics.enumerated() {
            guard let component = dataView.metric(metric.id) else {
                throw .invalid("metricContainer.metrics[\(index)]", "unknown metric '\(metric.id)'")
            }
            if let attribution = component.attribution, case let .time(seconds) = attribution.lookback, seconds <= 0 {
                throw .invalid("metrics/\(component.id)", "the lookback must be positive")
            }
            components.append(component)
        }
        let triggers = try PersistenceTriggers(dimension, dataView: dataView)
        let filters = try ReportFilters(request, dataView: dataView, connection: connection)
        var fields = EventFields(
            dimension: dimension.field, metrics: components + triggers.metrics + filters.segmentMetrics,
            sessionRules: dataView.session.newSessionOn, binding: triggers.bindingField)
        fields.filterFlags = filters.flags
        fields.filterDimensions = filters.dimensions.map(\.field)
        self.filters = filters
        self.dimension = dimension
        self.fields = fields
        self.settings = request.settings
        self.metrics = zip(request.metricContainer.metrics, components).map { request, component in
            Metric(columnId: request.columnId, component: component, measure: Self.measure(component, fields: fields))
        }
        expiration = triggers.expiration.map { Self.measure($0, fields: fields) }
        bindingMetric = triggers.bindingMetric.map { Self.measure($0, fields: fields) }
    }

    /// Where the dimension's persistence expires on a metric: the events on which it occurs (nil: no such expiration).
    var expiration: MetricKernel.Measure?
    /// The persistence's binding metric (nil: values bind where they are set).
    var bindingMetric: MetricKernel.Measure?

    static func measure(_ component: MetricComponent, fields: EventFields) -> MetricKernel.Measure {
        switch component.kind {
        case .occurrences: .occurrences
        case .sessions: .sessions
        case .people: .people
        case .sum: .sum(numbers: fields.numericIndex(of: component.kind) ?? 0)
        case .count: .count(numbers: fields.numericIndex(of: component.kind) ?? 0)
        }
    }

    /// How far before the window a session that is still going at its start is seen (for session lookbacks and
    /// session expiration): a day. A session that started longer ago is seen from a day before.
    static let sessionContextSeconds: Int64 = 86_400

    /// How far before the window events are read: the longest time lookback or expiration (and stitching's
    /// replay lookback), so touch points, persisted values and live stitching see earlier events.
    func contextMicros(stitching: StitchingSettings?) -> Int64 {
        var seconds: Int64 = 0
        for metric in metrics {
            switch metric.component.attribution?.lookback {
            case let .time(lookback): seconds = max(seconds, lookback)
            case .session: seconds = max(seconds, Self.sessionContextSeconds)
            case .person, nil: break
            }
        }
        switch dimension.persistence?.expiration {
        case let .time(expiration): seconds = max(seconds, expiration)
        case .session: seconds = max(seconds, Self.sessionContextSeconds)
        // A value that lasts until a metric occurs is looked for as far back as CJA's longest expiration.
        case .metric: seconds = max(seconds, Persistence.maximumExpirationSeconds)
        case .person, nil: break
        }
        if let stitching { seconds = max(seconds, Int64(stitching.replayLookbackDays) * 86_400) }
        return seconds * 1_000_000
    }
}
