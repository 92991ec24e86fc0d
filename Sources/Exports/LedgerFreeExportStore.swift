/// A view of a store for backfill runs: runs are saved as usual, but ledger rows are not recorded and the
/// watermark reads 0, so a backfill neither depends on nor moves the incremental watermark.
struct LedgerFreeExportStore: ExportStore {
    let base: any ExportStore

    init(_ base: any ExportStore) { self.base = base }

    func save(_ run: ExportRun) async throws(ExportsError) { try await base.save(run) }

    func run(id: String) async throws(ExportsError) -> ExportRun? { try await base.run(id: id) }

    func runs(flowId: String) async throws(ExportsError) -> [ExportRun] { try await base.runs(flowId: flowId) }

    func record(_ entries: [LedgerEntry]) async throws(ExportsError) {}

    func watermark(flowId: String, datasetId: String) async throws(ExportsError) -> Int64 { 0 }

    func ledger(flowId: String) async throws(ExportsError) -> [LedgerEntry] { try await base.ledger(flowId: flowId) }
}
