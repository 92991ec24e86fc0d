/// A calculated metric as clients write it (`POST /calculatedmetrics`, `outflow calculatedmetric create --file`):
/// CJA's shape without the server's fields; `type` (default `decimal`), `precision` (0), `polarity` (`positive`)
/// and the definition's `func` and `version` may be left out.
public struct CalculatedMetricDraft: Sendable, Decodable {
    public struct Definition: Sendable, Decodable {
        public var `func`: String?
        public var version: [Int]?
        public var formula: FormulaValue
    }

    public var name: String
    public var description: String?
    public var dataId: String
    public var type: CalculatedMetric.Kind?
    public var precision: Int?
    public var polarity: CalculatedMetric.Polarity?
    public var definition: Definition

    /// The calculated metric to create or store (no id yet).
    public var metric: CalculatedMetric {
        CalculatedMetric(
            id: "", name: name, description: description, dataId: dataId, type: type ?? .decimal,
            precision: precision ?? 0, polarity: polarity ?? .positive,
            definition: CalculatedMetricDefinition(
                formula: definition.formula, func: definition.func ?? "calc-metric",
                version: definition.version ?? [1, 0, 0]))
    }
}
