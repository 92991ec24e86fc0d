import Destinations
import Lake

extension ExportRunner {
    /// A flow with everything a run of it needs.
    struct PreparedFlow {
        var flow: Flow
        var source: SourceConnection
        var target: TargetConnection
        var resolved: ResolvedDestination
        /// The base connection's `encryption` block, if files are encrypted.
        var encryption: ConnectionEncryption?
    }

    /// Loads a flow and its connections and resolves its destination (`.notFound` naming what is missing).
    func prepare(flowId: String) async throws(ExportsError) -> PreparedFlow {
        guard let flow = try await store.flow(id: flowId) else {
            throw ExportsError(.notFound, "flow \(flowId) does not exist")
        }
        guard let source = try await store.sourceConnection(id: flow.sourceConnectionId) else {
            throw ExportsError(.notFound, "source connection \(flow.sourceConnectionId) does not exist")
        }
        guard let target = try await store.targetConnection(id: flow.targetConnectionId) else {
            throw ExportsError(.notFound, "target connection \(flow.targetConnectionId) does not exist")
        }
        guard let base = try await store.deliverableBaseConnection(id: target.baseConnectionId) else {
            throw ExportsError(.notFound, "base connection \(target.baseConnectionId) does not exist")
        }
        let resolved = try ResolvedDestination.resolve(
            base: base, target: target, landingZoneRoot: lake.layout.landingZoneRoot,
            hostKeys: try await store.hostKeyMemory(for: base), outbound: configuration.outbound,
            localFolders: configuration.localFolders)
        return PreparedFlow(
            flow: flow, source: source, target: target, resolved: resolved, encryption: base.encryption)
    }

    /// Runs the executor for one attempt of `run`. A backfill exports exactly the batches committed in its
    /// window (as a full export, `ExportJob.selection`) through a ledger-free view of the store, so the
    /// watermark never moves. Before it starts, the staged uploads that earlier attempts of this run, or a
    /// failed run of the flow just before it, left at the destination are discarded (`sweepStaging(_:)`).
    func executeJob(
        _ run: ExportRun, _ prepared: PreparedFlow, progress: (@Sendable (RunProgress) -> Void)?
    ) async throws(ExportsError) -> ExportRun {
        var job = ExportJob(
            flow: prepared.flow, source: prepared.source, target: prepared.target, runId: run.id,
            scheduledTime: run.scheduledTime, pathPrefix: prepared.resolved.pathPrefix,
            encryptTo: try prepared.encryption?.recipient(now: now() / 1_000))
        var jobStore: any ExportStore = store
        if run.kind == .backfill, let window = run.backfill {
            job.flow.scheduleParams.exportMode = .dailyFullExport
            let lake = self.lake
            let source = prepared.source
            job.selection = try await BlockingIO.run {
                try Self.backfillSelection(lake: lake, source: source, window: window)
            }
            jobStore = LedgerFreeExportStore(store)
        }
        let executor = ExportExecutor(
            lake: lake, destination: wrap(prepared.resolved.destination), store: jobStore,
            configuration: configuration, sleep: sleep, now: now, logger: logger)
        await sweepLeftovers(before: run, job: job, executor: executor)
        return try await executor.execute(job, progress: progress)
    }

    /// Discards what earlier attempts of `run` left staged and, when the flow's previous run failed, what that
    /// run left (its folders follow from its id and slot under the flow's current settings).
    func sweepLeftovers(before run: ExportRun, job: ExportJob, executor: ExportExecutor) async {
        if run.attempts > 0 { _ = await executor.sweepStaging(job) }
        guard let previous = try? await store.previousRun(flowId: run.flowId, before: run.id),
            previous.status == .failed
        else { return }
        var earlier = job
        earlier.runId = previous.id
        earlier.scheduledTime = previous.scheduledTime
        earlier.selection = nil
        _ = await executor.sweepStaging(earlier)
    }

    /// The committed batch sequences of each source dataset whose commit time falls in the window.
    static func backfillSelection(lake: Lake, source: SourceConnection, window: BackfillWindow) throws(ExportsError)
        -> ExportPlanner.Selection
    {
        var selection: ExportPlanner.Selection = [:]
        for name in source.datasetIds {
            do {
                let dataset = try lake.dataset(sandbox: source.sandbox, idOrName: name)
                var sequences: Set<Int64> = []
                var start = 0
                while true {
                    let page = try lake.batches(
                        sandbox: source.sandbox, datasetId: dataset.id, start: start, limit: 1_000)
                    for batch in page.items where batch.status == .success {
                        guard let sequence = batch.sequence, let completed = batch.completed else { continue }
                        if completed >= window.startTime * 1_000 && completed < window.endTime * 1_000 {
                            sequences.insert(sequence)
                        }
                    }
                    start += page.items.count
                    if page.items.isEmpty || start >= page.total { break }
                }
                selection[dataset.id] = sequences
            } catch {
                throw ExportsError(
                    .lake, "cannot read dataset '\(name)': \(error.message)", field: "params.datasets",
                    underlying: error)
            }
        }
        return selection
    }
}
