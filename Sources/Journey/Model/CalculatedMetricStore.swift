/// Where calculated metrics are kept, per sandbox (`Storage` implements it in the catalog database beside
/// `JourneyStore`). Updates carry the version they replace (`ifMatch`); a mismatch is `.conflict` naming
/// `If-Match`.
public protocol CalculatedMetricStore: Sendable {
    func calculatedMetrics(sandbox: String) async throws(JourneyError) -> [CalculatedMetric]
    /// The calculated metric `id` when it is in `sandbox`.
    func calculatedMetric(id: String, sandbox: String) async throws(JourneyError) -> CalculatedMetric?
    /// Creates (version 1) or, with `ifMatch`, updates (version + 1); returns what was stored.
    func saveCalculatedMetric(_ metric: CalculatedMetric, sandbox: String, ifMatch: Int?) async throws(JourneyError)
        -> CalculatedMetric
    func deleteCalculatedMetric(id: String, sandbox: String) async throws(JourneyError)
}
