public import QueryService

/// Runs reports: reads the connection's event datasets through Query Service sessions and computes stitching,
/// sessions, persistence and attribution over each person's events in time order.
///
/// The computation lands with the report engine's work; until then every report is refused with a clear error.
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
        throw JourneyError(.invalid, "reports are not computed yet", field: "dataId")
    }
}
