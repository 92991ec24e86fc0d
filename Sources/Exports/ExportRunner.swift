public import Destinations
public import Foundation
public import Lake
public import Logging

/// Ties the stored flows, the scheduler core and the executor together. Every run is first queued
/// (`enqueue(flowId:kind:)`, `enqueueDue(now:)`: one unfinished run per flow, one run per (flow, slot)) and then
/// executed by id (`execute(runId:progress:)`), which also settles a failure: a retryable one re-queues the
/// same run with exponential backoff (`runRetry`), a permanent one leaves it failed. A supervising service
/// calls `recoverInterruptedRuns()` and `requeueInterrupted(_:)` once at start, then loops.
public final class ExportRunner: Sendable {
    /// Wraps the resolved destination (tests inject faults with it).
    public typealias DestinationWrapper = @Sendable (any Destination) -> any Destination

    let lake: Lake
    /// Where runs, flows and connections live.
    public let store: any FlowStore
    let configuration: ExportExecutor.Configuration
    /// Run-level retries: attempts per run (the first included) and the backoff between them.
    public let runRetry: RetryPolicy
    let sleep: ExportExecutor.Sleeper
    let now: ExportExecutor.Clock
    let wrap: DestinationWrapper
    let logger: Logger
    /// The outbound policy every destination this runner resolves connects under (the connection test uses it
    /// too).
    public var outboundPolicy: OutboundPolicy { configuration.outbound }
    /// Where local-folder destinations this runner resolves may write (target creation checks paths with it too).
    public var localFolderPolicy: LocalFolderPolicy { configuration.localFolders }
    /// The per-flow locks every attempt holds (shared with the CLI, which holds them around resuming a run).
    public let flowLocks: ExportFlowLocks

    public init(
        lake: Lake, store: any FlowStore, configuration: ExportExecutor.Configuration = .init(),
        runRetry: RetryPolicy = RetryPolicy(maxAttempts: 4, baseDelay: .seconds(30), maxDelay: .seconds(1_800)),
        sleep: @escaping ExportExecutor.Sleeper = { try await Task.sleep(for: $0) },
        now: @escaping ExportExecutor.Clock = { Int64(Date().timeIntervalSince1970 * 1_000) },
        wrap: @escaping DestinationWrapper = { $0 }, logger: Logger = Logger(label: "outflow.exports"),
        flowLocks: ExportFlowLocks? = nil
    ) {
        self.lake = lake
        self.store = store
        self.configuration = configuration
        self.runRetry = runRetry
        self.sleep = sleep
        self.now = now
        self.wrap = wrap
        self.logger = logger
        self.flowLocks = flowLocks ?? ExportFlowLocks(folder: lake.layout.locksRoot)
    }

    // MARK: Queueing

    /// Queues a run of a flow; an ad-hoc or backfill run only after checking that the flow's connections exist
    /// and its destination resolves. `.conflict` when the flow has an unfinished run, when an ad-hoc or backfill run asks for a disabled flow,
    /// or when the slot (`scheduledTime`, default now) already has a run.
    public func enqueue(
        flowId: String, kind: RunKind, scheduledTime: Int64? = nil, backfill: BackfillWindow? = nil
    ) async throws(ExportsError) -> ExportRun {
        // A request (ad-hoc, backfill) learns at once that its flow cannot run; a scheduled slot is queued and a
        // broken flow fails its run with the reason, visible in the run history.
        let found: Flow? =
            if kind == .scheduled { try await store.flow(id: flowId) } else { try await prepare(flowId: flowId).flow }
        guard let flow = found else { throw ExportsError(.notFound, "flow \(flowId) does not exist") }
        guard flow.enabled else {
            throw ExportsError(.conflict, "flow \(flowId) is disabled; enable it before running it", field: "state")
        }
        if kind == .backfill { try ExportValidator.validate(backfill) }
        let created = now()
        let run = ExportRun(
            id: Self.newRunId(), flowId: flowId, scheduledTime: scheduledTime ?? created / 1_000, kind: kind,
            backfill: kind == .backfill ? backfill : nil, createdAt: created)
        return try await store.enqueue(run)
    }

    /// Queues every due slot (one run per flow at most, enabled flows only) and returns the queued runs. A slot
    /// that already has a run (another process or an earlier life of this one claimed it) is skipped.
    public func enqueueDue(now seconds: Int64) async throws(ExportsError) -> [ExportRun] {
        let flows = try await store.flows()
        let states = try await store.slotStates(flowIds: flows.filter(\.enabled).map(\.id))
        var queued: [ExportRun] = []
        for slot in ExportScheduler.dueSlots(flows: flows, now: seconds, states: states) {
            do {
                queued.append(
                    try await enqueue(flowId: slot.flowId, kind: .scheduled, scheduledTime: slot.scheduledTime))
            } catch {
                logger.warning("slot \(slot.scheduledTime) of flow \(slot.flowId) not queued: \(error)")
            }
        }
        return queued
    }

    // MARK: Executing

    /// Queues and executes every due slot in turn in the caller's task; returns the runs as they ended (a
    /// failure stays `failed`: the caller decides about `retry(runId:)`).
    public func runDue(now seconds: Int64) async throws(ExportsError) -> [ExportRun] {
        var finished: [ExportRun] = []
        for run in try await enqueueDue(now: seconds) {
            finished.append(try await execute(runId: run.id, requeue: false))
        }
        return finished
    }

    /// Queues an ad-hoc run and executes it (the CLI's path; the server's service executes queued runs itself).
    public func runNow(flowId: String, progress: (@Sendable (RunProgress) -> Void)? = nil) async throws(ExportsError)
        -> ExportRun
    {
        let run = try await enqueue(flowId: flowId, kind: .adHoc)
        return try await execute(runId: run.id, progress: progress, requeue: false)
    }

    /// Re-executes a failed run with the same id: same folders and file names, so nothing is duplicated.
    public func retry(runId: String) async throws(ExportsError) -> ExportRun {
        guard var run = try await store.run(id: runId) else {
            throw ExportsError(.notFound, "run \(runId) does not exist")
        }
        guard run.status == .failed else {
            throw ExportsError(.conflict, "run \(runId) is \(run.status.rawValue); only failed runs are retried")
        }
        run.status = .queued
        run.retryAt = nil
        try await store.save(run)
        return try await execute(runId: runId, requeue: false)
    }

    /// Executes a queued run and settles its outcome: success; a retryable failure with attempts left goes back
    /// to `queued` with `retryAt` after the backoff; a cancelled attempt (shutdown) goes back to `queued` at once;
    /// anything else stays `failed` with its errors. Every failed attempt is appended to `history`.
    public func execute(runId: String, progress: (@Sendable (RunProgress) -> Void)? = nil) async throws(ExportsError)
        -> ExportRun
    {
        try await execute(runId: runId, progress: progress, requeue: true)
    }

    /// One attempt under the flow's lock (`ExportFlowLocks`: `.conflict` with `isFlowBusy` and the run left
    /// queued when another process exports the flow); with `requeue` false (the caller-driven `runNow`, `runDue`,
    /// `retry`) a failure stays final.
    func execute(runId: String, progress: (@Sendable (RunProgress) -> Void)? = nil, requeue: Bool)
        async throws(ExportsError) -> ExportRun
    {
        guard let found = try await store.run(id: runId) else {
            throw ExportsError(.notFound, "run \(runId) does not exist")
        }
        let locks = flowLocks
        let lease = try await BlockingIO.run { try locks.acquire(flowId: found.flowId) }
        defer { lease.release() }
        guard let queued = try await store.run(id: runId) else {
            throw ExportsError(.notFound, "run \(runId) does not exist")
        }
        guard queued.status == .queued else {
            throw ExportsError(.conflict, "run \(runId) is \(queued.status.rawValue), not queued")
        }
        var run: ExportRun
        do throws(ExportsError) {
            let prepared = try await prepare(flowId: queued.flowId)
            guard prepared.flow.enabled || queued.kind != .scheduled else {
                throw ExportsError(.conflict, "flow \(queued.flowId) was disabled before the run started")
            }
            run = try await executeJob(queued, prepared, progress: progress)
        } catch {
            run = queued
            run.status = .failed
            run.attempts += 1
            run.errors = [error]
            run.startedAt = now()
            run.completedAt = run.startedAt
        }
        return try await settle(run, requeue: requeue)
    }

    func settle(_ ended: ExportRun, requeue: Bool) async throws(ExportsError) -> ExportRun {
        var run = ended
        guard run.status == .failed else { return run }
        run.history.append(
            RunAttempt(
                attempt: run.attempts, startedAt: run.startedAt, completedAt: run.completedAt, errors: run.errors))
        if requeue && Task.isCancelled {
            run.status = .queued
            run.retryAt = nil
            run.errors.append(
                ExportsError(.conflict, "interrupted by shutdown; resumes at the next start", retryable: true))
        } else if requeue && !run.errors.isEmpty && run.errors.allSatisfy(\.retryable)
            && run.attempts < runRetry.maxAttempts
        {
            let delay = runRetry.delay(afterAttempt: run.attempts)
            run.status = .queued
            run.retryAt =
                now() + delay.components.seconds * 1_000 + delay.components.attoseconds / 1_000_000_000_000_000
            logger.warning("run \(run.id) failed (attempt \(run.attempts)); retrying in \(delay)")
        } else if requeue && run.attempts > 1 {
            run.errors.append(ExportsError(.conflict, "gave up after \(run.attempts) attempts"))
        }
        try await store.save(run)
        return run
    }

    /// Marks `running` runs as failed ("interrupted", retryable): call once at start-up, before any run of this
    /// process begins. A run whose flow lock another live process holds (a CLI export) is left alone. Queued runs
    /// stay queued.
    public func recoverInterruptedRuns() async throws(ExportsError) -> [ExportRun] {
        var recovered: [ExportRun] = []
        for var run in try await store.unfinishedRuns() where run.status == .running {
            let lease: ExportFlowLease
            do throws(ExportsError) {
                let flowId = run.flowId
                let locks = flowLocks
                lease = try await BlockingIO.run { try locks.acquire(flowId: flowId) }
            } catch {
                logger.notice("run \(run.id) is not interrupted: \(error.message)")
                continue
            }
            defer { lease.release() }
            run.status = .failed
            run.errors = [ExportsError(.conflict, "interrupted: the process running it stopped", retryable: true)]
            run.completedAt = now()
            try await store.save(run)
            recovered.append(run)
        }
        return recovered
    }

    /// Puts recovered runs back in the queue (same id: same folders and names) while they have attempts left;
    /// the others stay failed. Returns the re-queued runs.
    public func requeueInterrupted(_ runs: [ExportRun]) async throws(ExportsError) -> [ExportRun] {
        var requeued: [ExportRun] = []
        for var run in runs where run.status == .failed && run.errors.allSatisfy(\.retryable) {
            run.history.append(
                RunAttempt(
                    attempt: run.attempts, startedAt: run.startedAt, completedAt: run.completedAt, errors: run.errors))
            guard run.attempts < runRetry.maxAttempts else {
                run.errors.append(ExportsError(.conflict, "gave up after \(run.attempts) attempts"))
                try await store.save(run)
                continue
            }
            run.status = .queued
            run.retryAt = nil
            try await store.save(run)
            requeued.append(run)
        }
        return requeued
    }

    static func newRunId() -> String { UUID().uuidString.lowercased() }
}
