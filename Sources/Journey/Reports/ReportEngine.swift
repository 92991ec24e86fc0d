import NIOPosix
public import QueryService

/// Runs reports: reads the connection's event datasets through Query Service sessions and computes stitching,
/// sessions, persistence and attribution over each person's events in time order.
///
/// A report reads the connection's event datasets once (only the fields it needs, widened backwards by the
/// longest lookback or expiration), then runs the kernels in `Engine/` over compact arrays.
public struct ReportEngine: Sendable {
    /// A fresh SQL session on a sandbox (the composition root's `querySession(sandbox:)`).
    public typealias SessionMaker = @Sendable (_ sandbox: String) -> QuerySession

    /// The transient ids a connection's privacy deletions forgot (`StitchingService.forgottenIds`).
    public typealias ForgottenIds =
        @Sendable (_ connection: JourneyConnection) async throws(JourneyError) -> Set<String>

    let makeSession: SessionMaker
    let forgottenIds: ForgottenIds?

    /// `forgottenIds`, when given, names the transient ids a stitched connection's reports treat as unknown.
    public init(makeSession: @escaping SessionMaker, forgottenIds: ForgottenIds? = nil) {
        self.makeSession = makeSession
        self.forgottenIds = forgottenIds
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
        let session = makeSession(connection.sandbox)
        let sources = try await FieldSources.make(
            for: plan.fields, dataView: dataView, connection: connection, lake: session.lake)
        let loader = EventLoader(
            session: session, fields: plan.fields, stitching: connection.stitching, sources: sources)
        var events = try await loader.load(connection, start: loadStart, end: loadEnd)
        if connection.stitching != nil, let forgottenIds { events.forget(try await forgottenIds(connection)) }
        if Task.isCancelled { throw JourneyError(.cancelled, "the report was cancelled") }
        let computation = ReportComputation(
            plan: plan, dataView: dataView, stitching: connection.stitching, window: window)
        // The kernels are seconds of CPU on large connections: they run on NIO's thread pool, never holding one of
        // the cooperative pool's threads (the server's requests and queries run there).
        let loaded = events
        do {
            return try await NIOThreadPool.singleton.runIfActive { try computation.run(loaded) }
        } catch let error as JourneyError {
            throw error
        } catch {
            throw JourneyError(.io, "the report could not be computed: \(error)")
        }
    }
}
