extension ReportEngine {
    /// The report `request` asks for, where a metric may also be one of `calculatedMetrics` (the sandbox's, by
    /// id): the data view metrics the request and the formulas need are computed once by the metric kernels, then
    /// each calculated column is evaluated per row and on the totals (`CalculatedColumns`), then rows are sorted
    /// and paged as for any report.
    public func run(
        _ request: ReportRequest, dataView: DataView, connection: JourneyConnection,
        calculatedMetrics: [CalculatedMetric]
    ) async throws(JourneyError) -> ReportResponse {
        let calculated = try CalculatedColumns(request, dataView: dataView, calculated: calculatedMetrics)
        guard calculated.hasCalculated else {
            return try await run(request, dataView: dataView, connection: connection)
        }
        let plan = try ReportPlan(calculated.base, dataView: dataView, connection: connection)
        let columns = try await columns(plan, request: calculated.base, dataView: dataView, connection: connection)
        let (shown, shownPlan) = calculated.apply(columns, plan: plan)
        return ReportTable.response(shown, plan: shownPlan)
    }
}
