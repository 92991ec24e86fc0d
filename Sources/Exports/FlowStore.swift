/// Persistence of the Flow Service: connection and flow documents, sealed credentials, the run queue, runs and the
/// ledger. Exports owns this protocol and the rules around it (validation, sealing credentials, run kinds); an
/// implementation keeps the records and makes each method one transaction. The `Storage` target implements it on
/// the SQLite catalog database (`SQLiteExportStore`); a PostgreSQL store for scale-out plugs in here.
///
/// Callers save through the domain methods of the extension below (`saveBaseConnection`, `saveTargetConnection`,
/// `saveFlow`, `saveFlowSetup`), which validate and seal before they reach the `store…` requirements.
public protocol FlowStore: ExportStore {
    /// Seals and opens the stored credentials (the data key of this store's data directory).
    var cipher: CredentialCipher { get }

    // MARK: Connections and flows

    /// Stores a base connection's document (credentials already removed) and its sealed credentials.
    func storeBaseConnection(_ redacted: BaseConnection, sealedCredentials: String) async throws(ExportsError)
    /// The base connection without credentials.
    func baseConnection(id: String) async throws(ExportsError) -> BaseConnection?
    /// The sealed credentials of a base connection (nil when it has none stored).
    func sealedCredentials(connectionId: String) async throws(ExportsError) -> String?
    /// The SFTP host key remembered for a base connection at its first contact, if any.
    func rememberedHostKey(connectionId: String) async throws(ExportsError) -> RememberedHostKey?
    /// Compare-and-set in one transaction: stores `key` as the connection's remembered host key only while the
    /// remembered one is still `expected` (nil: none remembered); `.notFound` when the connection does not exist.
    /// Returns the key remembered afterwards. Deleting the base connection deletes it.
    func storeHostKey(
        _ key: RememberedHostKey, connectionId: String, replacing expected: RememberedHostKey?
    ) async throws(ExportsError) -> RememberedHostKey?
    func saveSourceConnection(_ source: SourceConnection) async throws(ExportsError)
    func sourceConnection(id: String) async throws(ExportsError) -> SourceConnection?
    func storeTargetConnection(_ target: TargetConnection) async throws(ExportsError)
    func targetConnection(id: String) async throws(ExportsError) -> TargetConnection?
    /// Creates a flow (version 1) or replaces one with the next version; with `ifMatch`, the stored etag must equal
    /// it (`.conflict`, field `If-Match`, otherwise). Returns the stored flow.
    func storeFlow(_ flow: Flow, ifMatch: String?) async throws(ExportsError) -> Flow
    /// In one transaction: the target connection always, and, unless the flow exists, the base connection with its
    /// sealed credentials, the source connection and the flow (version 1). Returns the stored flow (the existing
    /// one when it was there).
    func storeFlowSetup(
        base redacted: BaseConnection, sealedCredentials: String, source: SourceConnection, target: TargetConnection,
        flow: Flow
    ) async throws(ExportsError) -> Flow
    func flow(id: String) async throws(ExportsError) -> Flow?
    /// Every flow, by id.
    func flows() async throws(ExportsError) -> [Flow]
    func deleteFlow(id: String) async throws(ExportsError)
    /// Every base connection (without credentials), by id.
    func baseConnections() async throws(ExportsError) -> [BaseConnection]
    /// Every source connection, by id.
    func sourceConnections() async throws(ExportsError) -> [SourceConnection]
    /// Every target connection, by id.
    func targetConnections() async throws(ExportsError) -> [TargetConnection]
    /// Deletes a base connection and its credentials; `.conflict` naming the target connections that use it,
    /// `.notFound` when it does not exist. Check and delete are one transaction.
    func deleteBaseConnection(id: String) async throws(ExportsError)
    /// Deletes a source connection; `.conflict` naming the flows that read it.
    func deleteSourceConnection(id: String) async throws(ExportsError)
    /// Deletes a target connection; `.conflict` naming the flows that deliver to it.
    func deleteTargetConnection(id: String) async throws(ExportsError)
    /// Flows (enabled or not) whose source connection names the dataset, by its id or (when given) its name;
    /// with `sandbox`, only source connections of that sandbox count.
    func flows(exportingDatasetId datasetId: String, datasetName: String?, sandbox: String?) async throws(ExportsError)
        -> [Flow]

    // MARK: The run queue

    /// Inserts a queued run in one transaction with the check that its flow has no unfinished (queued or running)
    /// run (`.conflict` otherwise). A scheduled run claims its exact slot (`.conflict` when another run has it);
    /// an ad-hoc or backfill run takes the first free second from its `scheduledTime` on. Returns the stored run.
    func enqueue(_ run: ExportRun) async throws(ExportsError) -> ExportRun
    /// Every queued or running run, oldest slot first.
    func unfinishedRuns() async throws(ExportsError) -> [ExportRun]
    /// Every run of every flow (or of one flow), newest first: latest queued first, then latest slot.
    func runsNewestFirst(flowId: String?) async throws(ExportsError) -> [ExportRun]
    /// The run of the same flow queued just before `runId` (insertion order), or nil.
    func previousRun(flowId: String, before runId: String) async throws(ExportsError) -> ExportRun?
    /// Per flow id: its latest scheduled slot and whether it has an unfinished run.
    func slotStates(flowIds: [String]) async throws(ExportsError) -> [String: FlowSlotState]
}
