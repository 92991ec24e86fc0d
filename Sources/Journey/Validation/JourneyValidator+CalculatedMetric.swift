extension JourneyValidator {
    /// Checks a calculated metric against its data view (nil when `dataId` names none in the sandbox) and the
    /// sandbox's other calculated metrics: a name, precision 0 to 10, a `calc-metric` definition whose formula
    /// parses (`Formula.parse`), and metric leaves that name a data view metric or another calculated metric,
    /// without a cycle. Errors name the path: `definition.formula.col2.name`.
    public static func validate(_ metric: CalculatedMetric, dataView: DataView?, calculated: [CalculatedMetric])
        throws(JourneyError)
    {
        try requireName(metric.name)
        guard let dataView else {
            throw .invalid("dataId", "data view '\(metric.dataId)' does not exist in this sandbox")
        }
        guard (0...10).contains(metric.precision) else {
            throw .invalid("precision", "precision is 0 to 10 decimal places, not \(metric.precision)")
        }
        guard metric.definition.func == "calc-metric" else {
            throw .invalid("definition.func", "a calculated metric's definition is 'calc-metric'")
        }
        var byId = Dictionary(calculated.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        byId[metric.id] = metric
        _ = try Formula.parse(metric.definition.formula, path: "definition.formula")
            .resolved(dataView: dataView, calculated: byId, visiting: [metric.id])
    }
}
