/// Where connections and data views are kept (`Storage` implements it in the catalog database). Updates carry
/// the version they replace (`ifMatch`), so two editors never overwrite each other silently; a mismatch is
/// `.conflict`. Names are unique per sandbox among connections and among data views.
public protocol JourneyStore: Sendable {
    func connections(sandbox: String) async throws(JourneyError) -> [JourneyConnection]
    func connection(id: String) async throws(JourneyError) -> JourneyConnection?
    /// Creates (version 1) or, with `ifMatch`, updates (version + 1); returns what was stored.
    func saveConnection(_ connection: JourneyConnection, ifMatch: Int?) async throws(JourneyError)
        -> JourneyConnection
    /// `.conflict` while a data view uses it.
    func deleteConnection(id: String) async throws(JourneyError)

    func dataViews(sandbox: String) async throws(JourneyError) -> [DataView]
    func dataView(id: String) async throws(JourneyError) -> DataView?
    func saveDataView(_ dataView: DataView, sandbox: String, ifMatch: Int?) async throws(JourneyError) -> DataView
    func deleteDataView(id: String) async throws(JourneyError)
}
