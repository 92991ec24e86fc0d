/// What a dimension's persistence reads beyond the dimension: the metric it expires on, its binding metric (both
/// must occur on events: occurrences or a field's sum or count) and its binding dimension's field.
struct PersistenceTriggers {
    var expiration: MetricComponent?
    var bindingMetric: MetricComponent?
    var bindingField: String?

    var metrics: [MetricComponent] { [expiration, bindingMetric].compactMap { $0 } }

    init(_ dimension: DimensionComponent, dataView: DataView) throws(JourneyError) {
        guard let persistence = dimension.persistence else { return }
        let path = "variables/\(dimension.id).persistence"
        if case let .metric(id) = persistence.expiration {
            expiration = try Self.eventMetric(id, dataView: dataView, path: "\(path).expiration")
        }
        if let id = persistence.bindingMetric {
            bindingMetric = try Self.eventMetric(id, dataView: dataView, path: "\(path).bindingMetric")
        }
        if let id = persistence.bindingDimension {
            guard let binding = dataView.dimension(id), binding.id != dimension.id else {
                throw .invalid("\(path).bindingDimension", "'\(id)' is not another dimension of the data view")
            }
            bindingField = binding.field
        }
    }

    /// The metric `id`, if it is one that occurs on single events.
    static func eventMetric(_ id: String, dataView: DataView, path: String) throws(JourneyError) -> MetricComponent {
        guard let metric = dataView.metric(id) else {
            throw .invalid(path, "'\(id)' is not a metric of the data view")
        }
        switch metric.kind {
        case .occurrences, .sum, .count: return metric
        case .sessions, .people:
            throw .invalid(path, "'\(id)' counts distinct sessions or people, which do not occur on an event")
        }
    }
}
