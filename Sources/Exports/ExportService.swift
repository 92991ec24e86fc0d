public import Foundation
public import Logging
public import ServiceLifecycle

/// The supervised background runner of exports (a ServiceLifecycle `Service` in the server's one
/// `ServiceGroup`). At start it fails the runs a previous process left unfinished and re-queues the retryable
/// ones (same run ids); then it loops: queue the due slots of enabled flows, start queued runs (scheduled,
/// ad-hoc, backfill, retries whose backoff has passed) as child tasks, one per flow and at most
/// `maxConcurrentRuns` at once, then wait until the next slot or retry time, a ring of the board (a run was
/// queued or finished) or `tick`, whichever comes first. Graceful shutdown cancels the loop and its runs;
/// a cancelled run goes back to `queued` and resumes at the next start.
public struct ExportService: Service {
    /// Options fixed at construction.
    public struct Configuration: Sendable {
        /// Runs of different flows executing at once.
        public var maxConcurrentRuns: Int
        /// The longest wait between two passes (a safety net: passes also follow rings and computed times).
        public var tick: Duration

        public init(maxConcurrentRuns: Int = 2, tick: Duration = .seconds(5)) {
            self.maxConcurrentRuns = maxConcurrentRuns
            self.tick = tick
        }
    }

    /// What the service did; tests observe it.
    public enum Event: Sendable {
        /// Start-up recovery re-queued these runs.
        case recovered([ExportRun])
        /// One pass ended; it started these runs.
        case pass(started: [ExportRun])
        /// A run's attempt ended (success, failed, or re-queued for a retry).
        case finished(ExportRun)
    }

    let runner: ExportRunner
    let store: any FlowStore
    let board: ExportRunBoard
    let configuration: Configuration
    let now: @Sendable () -> Int64
    let sleep: @Sendable (Duration) async throws -> Void
    let observe: @Sendable (Event) -> Void
    let logger: Logger
    /// Other work passes of the loop drive (`ScheduledWork`: the scheduled queries).
    let work: [any ScheduledWork]

    /// A service executing the runs of `backend`; `now` (epoch milliseconds) and `sleep` are injectable.
    public init(
        backend: FlowServiceBackend, configuration: Configuration = .init(),
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1_000) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        observe: @escaping @Sendable (Event) -> Void = { _ in }, logger: Logger = Logger(label: "outflow.exports"),
        work: [any ScheduledWork] = []
    ) {
        self.work = work
        runner = backend.runner
        store = backend.store
        board = backend.board
        self.configuration = configuration
        self.now = now
        self.sleep = sleep
        self.observe = observe
        self.logger = logger
    }

    public func run() async throws {
        let recovered = try await runner.requeueInterrupted(try await runner.recoverInterruptedRuns())
        if !recovered.isEmpty { logger.info("re-queued \(recovered.count) interrupted export run(s)") }
        observe(.recovered(recovered))
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                while !Task.isCancelled {
                    let started = await pass()
                    for run in started {
                        group.addTask { await execute(run) }
                    }
                    observe(.pass(started: started))
                    var wake: Int64?
                    for item in work {
                        if let next = await item.pass(now: now()) { wake = min(wake ?? next, next) }
                    }
                    await waitForNextPass(otherWake: wake)
                }
            }
        }
    }

    /// Queues due slots and picks the queued runs to start now (marking their flows busy).
    func pass() async -> [ExportRun] {
        let clock = now()
        do {
            _ = try await runner.enqueueDue(now: clock / 1_000)
            let picks = await RunQueue.startable(
                try store.unfinishedRuns(), busyFlows: board.busyFlows,
                capacity: configuration.maxConcurrentRuns - board.busyFlows.count, now: clock)
            for run in picks { board.started(run) }
            return picks
        } catch {
            logger.error("export scheduling pass failed: \(error)")
            return []
        }
    }

    /// Executes one attempt of `run`. When another process (a CLI export) holds the flow's lock, the run stays
    /// queued and the service waits for its next timed pass instead of ringing at once.
    func execute(_ run: ExportRun) async {
        var ended = run
        do {
            ended = try await runner.execute(runId: run.id) { progress in board.report(runId: run.id, progress) }
        } catch  where error.isFlowBusy {
            logger.notice("export run \(run.id) waits: \(error.message)")
            board.finished(run, ring: false)
            observe(.finished(ended))
            return
        } catch {
            logger.error("export run \(run.id) could not run: \(error)")
        }
        board.finished(run)
        observe(.finished(ended))
    }

    /// Sleeps until the next slot or retry time (at most `tick`), or until the board rings.
    func waitForNextPass(otherWake: Int64? = nil) async {
        let clock = now()
        var wait = configuration.tick
        if let otherWake { wait = min(wait, .milliseconds(max(0, otherWake - clock))) }
        let flows = (try? await store.flows()) ?? []
        let runs = (try? await store.unfinishedRuns()) ?? []
        if let wake = RunQueue.nextWake(flows: flows, runs: runs, now: clock) {
            wait = min(wait, .milliseconds(max(0, wake - clock)))
        }
        let sleep = self.sleep
        let board = self.board
        let duration = wait
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await sleep(duration) }
            group.addTask { await board.waitForRing() }
            await group.next()
            group.cancelAll()
        }
    }
}
