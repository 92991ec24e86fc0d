import Destinations
import Foundation
import Lake
import Logging

/// Ties the stored flows, the scheduler core and the executor together: runs due slots, ad-hoc runs and
/// retries of failed runs, and marks runs a dead process left behind as failed. A service loop calls
/// `recoverInterruptedRuns()` once at start, then `runDue(now:)` periodically.
public final class ExportRunner: Sendable {
    /// Wraps the resolved destination (tests inject faults with it).
    public typealias DestinationWrapper = @Sendable (any Destination) -> any Destination

    let lake: Lake
    let store: CatalogExportStore
    let configuration: ExportExecutor.Configuration
    let sleep: ExportExecutor.Sleeper
    let now: ExportExecutor.Clock
    let wrap: DestinationWrapper
    let logger: Logger

    public init(
        lake: Lake, store: CatalogExportStore, configuration: ExportExecutor.Configuration = .init(),
        sleep: @escaping ExportExecutor.Sleeper = { try await Task.sleep(for: $0) },
        now: @escaping ExportExecutor.Clock = { Int64(Date().timeIntervalSince1970 * 1_000) },
        wrap: @escaping DestinationWrapper = { $0 }, logger: Logger = Logger(label: "outflow.exports")
    ) {
        self.lake = lake
        self.store = store
        self.configuration = configuration
        self.sleep = sleep
        self.now = now
        self.wrap = wrap
        self.logger = logger
    }

    /// Starts every due slot (one run per flow at most) and returns the finished runs. A slot another
    /// process already claimed (unique (flow, slot)) is skipped.
    public func runDue(now seconds: Int64) async throws(ExportsError) -> [ExportRun] {
        let flows = try store.flows()
        var history: [ExportRun] = []
        for flow in flows { history += try await store.runs(flowId: flow.id) }
        var finished: [ExportRun] = []
        for slot in ExportScheduler.dueSlots(flows: flows, now: seconds, history: history) {
            let run = ExportRun(id: Self.newRunId(), flowId: slot.flowId, scheduledTime: slot.scheduledTime)
            do {
                try await store.save(run)
            } catch  where error.code == .conflict {
                continue
            }
            finished.append(try await execute(runId: run.id, flowId: slot.flowId, scheduledTime: slot.scheduledTime))
        }
        return finished
    }

    /// Runs a flow now (AEP `POST /flows/{id}/runs`); `.conflict` when it has an unfinished run.
    public func runNow(flowId: String, progress: (@Sendable (RunProgress) -> Void)? = nil) async throws(ExportsError)
        -> ExportRun
    {
        let runs = try await store.runs(flowId: flowId)
        if runs.contains(where: { !$0.status.isFinal }) {
            throw ExportsError(.conflict, "flow \(flowId) already has a run in progress")
        }
        let run = ExportRun(id: Self.newRunId(), flowId: flowId, scheduledTime: now() / 1_000)
        try await store.save(run)
        return try await execute(runId: run.id, flowId: flowId, scheduledTime: run.scheduledTime, progress: progress)
    }

    /// Re-executes a failed run with the same id: same folders and file names, so nothing is duplicated.
    public func retry(runId: String) async throws(ExportsError) -> ExportRun {
        guard let run = try await store.run(id: runId) else {
            throw ExportsError(.notFound, "run \(runId) does not exist")
        }
        guard run.status == .failed else {
            throw ExportsError(.conflict, "run \(runId) is \(run.status.rawValue); only failed runs are retried")
        }
        return try await execute(runId: run.id, flowId: run.flowId, scheduledTime: run.scheduledTime)
    }

    /// Marks `queued`/`running` runs as failed ("interrupted"): call once at start-up, before any run of this
    /// process begins (single-node; leases come with scale-out).
    public func recoverInterruptedRuns() async throws(ExportsError) -> [ExportRun] {
        var recovered: [ExportRun] = []
        for flow in try store.flows() {
            for var run in try await store.runs(flowId: flow.id) where !run.status.isFinal {
                run.status = .failed
                run.errors = [ExportsError(.conflict, "interrupted: the process running it stopped", retryable: true)]
                run.completedAt = now()
                try await store.save(run)
                recovered.append(run)
            }
        }
        return recovered
    }

    func execute(
        runId: String, flowId: String, scheduledTime: Int64, progress: (@Sendable (RunProgress) -> Void)? = nil
    ) async throws(ExportsError) -> ExportRun {
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
        let resolved = try ResolvedDestination.resolve(
            base: base, target: target, dataDirectory: lake.dataDirectory)
        let executor = ExportExecutor(
            lake: lake, destination: wrap(resolved.destination), store: store, configuration: configuration,
            sleep: sleep, now: now, logger: logger)
        let job = ExportJob(
            flow: flow, source: source, target: target, runId: runId, scheduledTime: scheduledTime,
            pathPrefix: resolved.pathPrefix)
        return try await executor.execute(job, progress: progress)
    }

    static func newRunId() -> String { UUID().uuidString.lowercased() }
}
