/// Persistence of runs and the run ledger. `InMemoryExportStore` serves tests and single-process use; a
/// catalog-backed store (GRDB, the lake's database) implements the same protocol.
public protocol ExportStore: Sendable {
    /// Inserts or replaces a run.
    func save(_ run: ExportRun) async throws(ExportsError)
    func run(id: String) async throws(ExportsError) -> ExportRun?
    /// Runs of a flow, oldest scheduled first.
    func runs(flowId: String) async throws(ExportsError) -> [ExportRun]
    /// Appends ledger rows; `success` rows are written in one step with the run they belong to.
    func record(_ entries: [LedgerEntry]) async throws(ExportsError)
    /// The highest `toSequence` of a successful ledger row for (flow, dataset), 0 when none.
    func watermark(flowId: String, datasetId: String) async throws(ExportsError) -> Int64
    /// Every ledger row of a flow, in insertion order.
    func ledger(flowId: String) async throws(ExportsError) -> [LedgerEntry]
}

/// An `ExportStore` in memory.
public actor InMemoryExportStore: ExportStore {
    private var runsById: [String: ExportRun] = [:]
    private var entries: [LedgerEntry] = []

    public init() {}

    public func save(_ run: ExportRun) async throws(ExportsError) { runsById[run.id] = run }

    public func run(id: String) async throws(ExportsError) -> ExportRun? { runsById[id] }

    public func runs(flowId: String) async throws(ExportsError) -> [ExportRun] {
        runsById.values.filter { $0.flowId == flowId }.sorted { ($0.scheduledTime, $0.id) < ($1.scheduledTime, $1.id) }
    }

    public func record(_ entries: [LedgerEntry]) async throws(ExportsError) { self.entries += entries }

    public func watermark(flowId: String, datasetId: String) async throws(ExportsError) -> Int64 {
        entries.filter { $0.flowId == flowId && $0.datasetId == datasetId && $0.status == .success }
            .map(\.toSequence).max() ?? 0
    }

    public func ledger(flowId: String) async throws(ExportsError) -> [LedgerEntry] {
        entries.filter { $0.flowId == flowId }
    }
}
