public import QueryService

/// Runs reports: reads the connection's event datasets through Query Service sessions and computes stitching,
/// sessions, persistence and attribution over each person's events in time order.
///
/// A report reads the connection's event datasets once (only the fields it needs, widened backwards by the
/// longest lookback or expiration), then runs the kernels in `Engine/` over compact arrays.
public struct ReportEngine: Sendable {
    /// A fresh SQL session on a sandbox (the composition root's `querySession(sandbox:)`).
    public typealias SessionMaker = @Sendable (_ sandbox: String) -> QuerySession

    let makeSession: SessionMaker

    public init(makeSession: @escaping SessionMaker) {
        self.makeSession = makeSession
    }

    /// The report `request` asks for, on `dataView` over `connection`.
    public func run(_ request: ReportRequest, dataView: DataView, connection: JourneyConnection)
        async throws(JourneyError) -> ReportResponse
    {
        let plan = try ReportPlan(request, dataView: dataView, connection: connection)
        return ReportTable.response(
            try await columns(plan, request: request, dataView: dataView, connection: connection), plan: plan)
    }

    /// The metric columns of `plan` (made from `request`), before sorting and paging.
    func columns(_ plan: ReportPlan, request: ReportRequest, dataView: DataView, connection: JourneyConnection)
        async throws(JourneyError) -> ReportComputation.Columns
    {
        let window = try ReportWindow(filters: request.globalFilters, timeZone: dataView.timezoneDesignator)
        let context = plan.contextMicros(stitching: connection.stitching)
        let loadStart = window.start == Int64.min ? window.start : window.start - context
        var loadEnd = window.end
        // Replay gives anonymous events to a login up to its lookback later: read that far past the window.
        if let stitching = connection.stitching, loadEnd != Int64.max {
            let (end, overflow) = loadEnd.addingReportingOverflow(Int64(stitching.replayLookbackDays) * 86_400_000_000)
            loadEnd = overflow ? Int64.max : end
        }
        let loader = EventLoader(
            session: makeSession(connection.sandbox), fields: plan.fields, stitching: connection.stitching)
        let events = try await loader.load(connection, start: loadStart, end: loadEnd)
        if Task.isCancelled { throw JourneyError(.cancelled, "the report was cancelled") }
        let computation = ReportComputation(
            plan: plan, dataView: dataView, stitching: connection.stitching, window: window)
        return try computation.run(events)
    }
}
