public import Journey
public import Lake
import Storage

extension OutflowServices {
    /// The journey API's service: connections and data views in the catalog database (`SQLiteJourneyStore`) and
    /// the report engine on SQL sessions from `querySession(sandbox:)`. The REST routes and `outflow report` share
    /// it.
    public func journey() throws(LakeError) -> JourneyService {
        let services = self
        let deletions = try SQLiteStitchingStore(lake: lake)
        return JourneyService(
            store: try SQLiteJourneyStore(lake: lake),
            engine: ReportEngine(
                makeSession: { sandbox in services.querySession(sandbox: sandbox) },
                forgottenIds: { connection async throws(JourneyError) in
                    try await deletions.forgottenIds(connectionId: connection.id)
                }),
            lake: lake)
    }
}
