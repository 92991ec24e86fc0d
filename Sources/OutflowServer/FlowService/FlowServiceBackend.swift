import Exports
import Foundation
import Lake
import Synchronization

/// What the Flow Service routes need: the export store on the lake's catalog database, the runner (start-up
/// recovery, scheduled runs) and the launcher of ad-hoc runs.
public struct FlowServiceBackend: Sendable {
    /// Connections, flows, runs and the run ledger.
    public let store: CatalogExportStore
    /// Scheduled runs, retries and start-up recovery.
    public let runner: ExportRunner
    let launcher: FlowRunLauncher

    /// Opens (and migrates) the export tables of `lake`.
    public init(lake: Lake, configuration: ExportExecutor.Configuration = .init()) throws(ExportsError) {
        store = try CatalogExportStore(lake: lake)
        runner = ExportRunner(lake: lake, store: store, configuration: configuration)
        launcher = FlowRunLauncher(lake: lake, store: store, configuration: configuration)
    }
}

/// Starts ad-hoc runs (`POST /flows/{id}/runs`): the run is stored `queued` and its id returned at once; the
/// export itself runs in a background task off the event loops, with live progress kept in memory.
final class FlowRunLauncher: Sendable {
    let lake: Lake
    let store: CatalogExportStore
    let configuration: ExportExecutor.Configuration
    private let live = Mutex<[String: RunProgress]>([:])

    init(lake: Lake, store: CatalogExportStore, configuration: ExportExecutor.Configuration) {
        self.lake = lake
        self.store = store
        self.configuration = configuration
    }

    /// Checks the flow can run (its connections exist, its destination resolves, no run in progress),
    /// stores a queued run and starts it in the background.
    func start(flowId: String) async throws(ExportsError) -> ExportRun {
        guard let flow = try store.flow(id: flowId) else {
            throw ExportsError(.notFound, "flow \(flowId) does not exist")
        }
        guard let source = try store.sourceConnection(id: flow.sourceConnectionId) else {
            throw ExportsError(.notFound, "source connection \(flow.sourceConnectionId) does not exist")
        }
        guard let target = try store.targetConnection(id: flow.targetConnectionId) else {
            throw ExportsError(.notFound, "target connection \(flow.targetConnectionId) does not exist")
        }
        guard let base = try store.deliverableBaseConnection(id: target.baseConnectionId) else {
            throw ExportsError(.notFound, "base connection \(target.baseConnectionId) does not exist")
        }
        let resolved = try ResolvedDestination.resolve(base: base, target: target, dataDirectory: lake.dataDirectory)
        if try await store.runs(flowId: flowId).contains(where: { !$0.status.isFinal }) {
            throw ExportsError(.conflict, "flow \(flowId) already has a run in progress")
        }
        let run = ExportRun(
            id: UUID().uuidString.lowercased(), flowId: flowId,
            scheduledTime: Int64(Date().timeIntervalSince1970), startedAt: Int64(Date().timeIntervalSince1970 * 1_000))
        try await store.save(run)
        let job = ExportJob(
            flow: flow, source: source, target: target, runId: run.id, scheduledTime: run.scheduledTime,
            pathPrefix: resolved.pathPrefix)
        let executor = ExportExecutor(
            lake: lake, destination: resolved.destination, store: store, configuration: configuration)
        live.withLock { $0[run.id] = RunProgress() }
        Task {
            // The executor stores the final state (success or failed with its error) in the run itself.
            _ = try? await executor.execute(job) { progress in self.live.withLock { $0[job.runId] = progress } }
            self.live.withLock { $0[job.runId] = nil }
        }
        return run
    }

    /// Live counters of a run this process is executing, or nil.
    func progress(runId: String) -> RunProgress? {
        live.withLock { $0[runId] }
    }
}
