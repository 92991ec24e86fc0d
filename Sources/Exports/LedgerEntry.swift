/// A run-ledger row: which batch range of a dataset a run delivered. Only `success` rows move the
/// incremental watermark, so a failed or killed run is simply re-delivered.
public struct LedgerEntry: Sendable, Hashable, Codable {
    public var flowId: String
    public var datasetId: String
    public var runId: String
    public var fromSequence: Int64
    public var toSequence: Int64
    public var status: RunStatus

    public init(
        flowId: String, datasetId: String, runId: String, fromSequence: Int64, toSequence: Int64, status: RunStatus
    ) {
        self.flowId = flowId
        self.datasetId = datasetId
        self.runId = runId
        self.fromSequence = fromSequence
        self.toSequence = toSequence
        self.status = status
    }
}
