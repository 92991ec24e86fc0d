import Foundation
public import Lake
public import Logging
public import NIOPosix

/// Replay runs and privacy deletions of stitched connections: what the REST routes, the CLI and the scheduler
/// share.
///
/// - Runs: `startRun` stores a run `queued` and queues it (`queue`, which the server's run service drains with
///   `execute`); `replay` runs one at once (the CLI, with progress). A run stitches every event of the connection
///   (`StitchedDatasetWriter`), writes the stitched datasets, points their views at them and then drops the
///   previous successful run's datasets (those an enabled export flow reads stay). Its record shows status,
///   progress (events read and written), start, end and the error.
/// - Privacy deletions: `forget` records a transient id; from then on reports (`ReportEngine`'s `forgottenIds`)
///   and runs treat it as unknown.
public final class StitchingService: Sendable {
    public let store: any StitchingStore
    let journey: any JourneyStore
    let writer: StitchedDatasetWriter
    let clock: @Sendable () -> Int64
    let logger: Logger
    /// Ids of queued runs, in order.
    public let queue: AsyncStream<String>
    private let enqueueContinuation: AsyncStream<String>.Continuation

    public init(
        store: any StitchingStore, journey: any JourneyStore, lake: Lake,
        makeSession: @escaping ReportEngine.SessionMaker,
        pool: NIOThreadPool = .singleton, clock: (@Sendable () -> Int64)? = nil,
        logger: Logger = Logger(label: "outflow.journey.stitching")
    ) {
        self.store = store
        self.journey = journey
        self.writer = StitchedDatasetWriter(makeSession: makeSession, lake: lake, pool: pool)
        self.clock = clock ?? { Int64(Date().timeIntervalSince1970 * 1_000) }
        self.logger = logger
        (queue, enqueueContinuation) = AsyncStream<String>.makeStream()
    }

    /// The stitched connection `id` of `sandbox`: `.notFound`, or `.invalid` naming `stitching` without it.
    func stitchedConnection(_ id: String, sandbox: String) async throws(JourneyError) -> JourneyConnection {
        guard let connection = try await journey.connection(id: id), connection.sandbox == sandbox else {
            throw JourneyError(.notFound, "connection '\(id)' not found")
        }
        guard connection.stitching != nil else {
            throw .invalid("stitching", "connection '\(id)' has no stitching settings")
        }
        return connection
    }

    // MARK: Runs

    /// Stores a manual run of connection `connectionId` (`queued`) and queues it.
    public func startRun(connectionId: String, sandbox: String) async throws(JourneyError) -> StitchingRun {
        let run = try await newRun(connectionId: connectionId, sandbox: sandbox)
        enqueue(run.id)
        return run
    }

    /// Runs a manual replay of `connectionId` now, calling `progress` with the run as it advances; returns the
    /// ended run (`failed` with its error, or `succeeded`).
    public func replay(
        connectionId: String, sandbox: String, progress: (@Sendable (StitchingRun) -> Void)? = nil
    ) async throws(JourneyError) -> StitchingRun {
        let run = try await newRun(connectionId: connectionId, sandbox: sandbox)
        return try await execute(run.id, progress: progress)
    }

    private func newRun(connectionId: String, sandbox: String) async throws(JourneyError) -> StitchingRun {
        _ = try await stitchedConnection(connectionId, sandbox: sandbox)
        let run = StitchingRun(
            id: JourneyService.makeId("sr_"), connectionId: connectionId, sandbox: sandbox, createdAt: clock())
        try await store.saveRun(run)
        return run
    }

    /// Queues run `id` for the run service.
    public func enqueue(_ id: String) {
        enqueueContinuation.yield(id)
    }

    /// Ends the queue (the run service then returns).
    public func finishQueue() {
        enqueueContinuation.finish()
    }

    public func runs(connectionId: String, sandbox: String) async throws(JourneyError) -> [StitchingRun] {
        guard let connection = try await journey.connection(id: connectionId), connection.sandbox == sandbox else {
            throw JourneyError(.notFound, "connection '\(connectionId)' not found")
        }
        return try await store.runs(connectionId: connectionId)
    }

    public func run(id: String, connectionId: String, sandbox: String) async throws(JourneyError) -> StitchingRun {
        guard let run = try await store.run(id: id), run.connectionId == connectionId, run.sandbox == sandbox else {
            throw JourneyError(.notFound, "run '\(id)' of connection '\(connectionId)' not found")
        }
        return run
    }

    /// Runs the queued run `id`: `running`, then `succeeded` or `failed` (a run that is not `queued` is left as it
    /// is). Progress is stored at most every half second. Returns the ended run.
    @discardableResult
    public func execute(_ id: String, progress: (@Sendable (StitchingRun) -> Void)? = nil) async throws(JourneyError)
        -> StitchingRun
    {
        guard var run = try await store.run(id: id) else { throw JourneyError(.notFound, "run '\(id)' not found") }
        guard run.status == .queued else { return run }
        run.status = .running
        run.startedAt = clock()
        try await store.saveRun(run)
        progress?(run)
        let started = run
        let board = RunBoard(run: run)
        do throws(JourneyError) {
            let connection = try await stitchedConnection(run.connectionId, sandbox: run.sandbox)
            let forgotten = try await store.forgottenIds(connectionId: connection.id)
            let previous =
                try await store.runs(connectionId: connection.id)
                .first { $0.status == .succeeded }?.stitchedDataSets ?? []
            let store = self.store
            let clock = self.clock
            let written = try await writer.write(
                connection, suffix: String(started.id.suffix(8)), forgotten: forgotten
            ) { counts in
                let (snapshot, save) = await board.update(counts, now: clock())
                progress?(snapshot)
                if save { try? await store.saveRun(snapshot) }
            }
            run = await board.run
            run.stitchedDataSets = written
            run.status = .succeeded
            for (dataset, reason) in await writer.drop(previous, sandbox: run.sandbox) {
                logger.info("kept stitched dataset \(dataset.name) of an earlier run: \(reason)")
            }
        } catch {
            run = await board.run
            run.status = .failed
            run.error = error.description
            logger.error("replay run \(id) failed: \(error)")
        }
        run.endedAt = clock()
        try await store.saveRun(run)
        progress?(run)
        return run
    }

    /// Fails runs a dead process left `queued` or `running` (start-up, before the run service starts).
    public func recoverInterrupted() async throws(JourneyError) -> Int {
        let unfinished = try await store.unfinishedRuns()
        for var run in unfinished {
            run.status = .failed
            run.error = "the server stopped before this run finished"
            run.endedAt = clock()
            try await store.saveRun(run)
        }
        return unfinished.count
    }

    // MARK: Privacy deletions

    /// Records that connection `connectionId` forgets the person with transient id `transientId`.
    public func forget(connectionId: String, sandbox: String, transientId: String) async throws(JourneyError)
        -> PrivacyDeletion
    {
        guard !transientId.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalid("transientId", "the transient id to delete is empty")
        }
        _ = try await stitchedConnection(connectionId, sandbox: sandbox)
        let deletion = PrivacyDeletion(
            id: JourneyService.makeId("pd_"), connectionId: connectionId, sandbox: sandbox, transientId: transientId,
            createdAt: clock())
        let stored = try await store.saveDeletion(deletion)
        logger.info("privacy deletion \(stored.id) recorded for connection \(connectionId)")
        return stored
    }

    public func deletions(connectionId: String, sandbox: String) async throws(JourneyError) -> [PrivacyDeletion] {
        _ = try await stitchedConnection(connectionId, sandbox: sandbox)
        return try await store.deletions(connectionId: connectionId)
    }
}

/// A running run's record as progress arrives: whether to report it now and whether to store it (at most every
/// `interval` milliseconds).
actor RunBoard {
    private(set) var run: StitchingRun
    private var savedAt: Int64 = 0
    private let interval: Int64

    init(run: StitchingRun, interval: Int64 = 500) {
        self.run = run
        self.interval = interval
    }

    func update(_ progress: StitchingRun.Progress, now: Int64) -> (StitchingRun, Bool) {
        run.progress = progress
        let save = now - savedAt >= interval
        if save { savedAt = now }
        return (run, save)
    }
}
