/// A calculated metric in the shape of CJA's Calculated Metrics API (`/calculatedmetrics`, id `cm_…`): a formula
/// over a data view's metrics, evaluated per report row after the metrics themselves. `dataId` is the data view it
/// was built for; `type`, `precision` and `polarity` say how to show it (values are never scaled: a percent is a
/// fraction, as the Reporting API returns it).
public struct CalculatedMetric: Sendable, Hashable, Codable {
    /// How the value is shown.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case decimal, percent, currency, time
    }

    /// Whether a rise is good (`positive`) or bad (`negative`).
    public enum Polarity: String, Sendable, Hashable, Codable, CaseIterable {
        case positive, negative
    }

    public var id: String
    public var name: String
    public var description: String?
    /// The data view (`dv_…`) whose metrics the formula names.
    public var dataId: String
    public var type: Kind
    /// Decimal places shown, 0 to 10.
    public var precision: Int
    public var polarity: Polarity
    public var definition: CalculatedMetricDefinition
    /// Starts at 1 and grows with every update; the etag is `"<version>"`.
    public var version: Int
    /// Epoch milliseconds.
    public var createdAt: Int64
    public var modifiedAt: Int64

    public init(
        id: String, name: String, description: String? = nil, dataId: String, type: Kind = .decimal,
        precision: Int = 0, polarity: Polarity = .positive, definition: CalculatedMetricDefinition,
        version: Int = 1, createdAt: Int64 = 0, modifiedAt: Int64 = 0
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.dataId = dataId
        self.type = type
        self.precision = precision
        self.polarity = polarity
        self.definition = definition
        self.version = version
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
    }

    /// The id without CJA's `metrics/` prefix.
    public static func bareId(_ id: String) -> String {
        id.hasPrefix("metrics/") ? String(id.dropFirst("metrics/".count)) : id
    }
}

/// CJA's definition wrapper: `{"func": "calc-metric", "version": [1, 0, 0], "formula": {…}}`. The formula is kept
/// as the JSON it was given (`FormulaValue`) and checked by `Formula.parse`, so errors name its path
/// (`definition.formula.col2.name`).
public struct CalculatedMetricDefinition: Sendable, Hashable, Codable {
    public var `func`: String
    public var version: [Int]
    public var formula: FormulaValue

    public init(formula: FormulaValue, func: String = "calc-metric", version: [Int] = [1, 0, 0]) {
        self.func = `func`
        self.version = version
        self.formula = formula
    }
}
