public import Foundation
public import Lake
import SQL
import Synchronization

/// Runs the Query Service API's queries: `submit` stores a query `SUBMITTED` and queues it; `QueryJobService`
/// (the `Service` the server runs) starts queued queries as child tasks, at most `maxConcurrentQueries` at once;
/// `cancel` stops a queued one at once and cancels a running one's task (the engine stops between batches).
/// Every state change is one atomic read-modify-write in the store (`updateJob`), so a cancel and a start never
/// both win.
public final class QueryJobRunner: Sendable {
    public struct Configuration: Sendable {
        /// Queries executing at once.
        public var maxConcurrentQueries: Int
        /// Rows of a result kept with the query (`OUTFLOW_QUERY_RESULT_ROWS`); 0 keeps none.
        public var resultRows: Int

        public init(maxConcurrentQueries: Int = 2, resultRows: Int = 100) {
            self.maxConcurrentQueries = max(1, maxConcurrentQueries)
            self.resultRows = max(0, resultRows)
        }
    }

    /// What `cancel` found.
    public enum CancelOutcome: Sendable {
        case accepted(QueryJob)
        case alreadyFinished(QueryJob)
        case notFound
    }

    struct Registry {
        var running: [String: Task<Void, Never>] = [:]
        var cancelRequested: Set<String> = []
        /// Queries a client cancelled (not the server's shutdown).
        var userCancelled: Set<String> = []
    }

    public let store: any QueryJobStore
    public let lake: Lake
    public let configuration: Configuration
    let makeSession: @Sendable (String) -> QuerySession
    let now: @Sendable () -> Int64
    let registry = Mutex(Registry())
    let queue: AsyncStream<String>
    let enqueueContinuation: AsyncStream<String>.Continuation

    /// A runner whose sessions come from `makeSession(sandbox)`; `now` is epoch milliseconds.
    public init(
        store: any QueryJobStore, lake: Lake, configuration: Configuration = .init(),
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1_000) },
        makeSession: @escaping @Sendable (String) -> QuerySession
    ) {
        self.store = store
        self.lake = lake
        self.configuration = configuration
        self.now = now
        self.makeSession = makeSession
        (queue, enqueueContinuation) = AsyncStream<String>.makeStream()
    }

    /// Start-up: queries a previous process left unfinished become `FAILED` with a clear error. Call before the
    /// service and the API start.
    public func recoverInterrupted() async throws -> [QueryJob] {
        try await store.failUnfinishedJobs(
            error: QueryJobError(
                code: "57P01", message: "the server stopped while this query was queued or running; it did not finish"),
            now: now())
    }

    /// Stores `job` (`SUBMITTED`) and queues it.
    public func submit(_ job: QueryJob) async throws {
        try await store.saveJob(job)
        enqueueContinuation.yield(job.id)
    }

    /// Queues a job already stored (a claimed schedule slot).
    public func enqueue(jobId: String) {
        enqueueContinuation.yield(jobId)
    }

    /// Cancels a query: a queued one ends `CANCELLED` now; a running one's task is cancelled and ends `CANCELLED`
    /// as soon as the engine checks (between batches).
    public func cancel(id: String) async throws -> CancelOutcome {
        let at = now()
        guard
            let job = try await store.updateJob(
                id: id,
                { job in
                    if job.state == .submitted { job.move(to: .cancelled, at: at) }
                })
        else { return .notFound }
        switch job.state {
        case .cancelled where job.startedAt == nil:
            return .accepted(job)
        case .inProgress, .submitted:
            registry.withLock { registry in
                registry.userCancelled.insert(id)
                if let task = registry.running[id] {
                    task.cancel()
                } else {
                    registry.cancelRequested.insert(id)
                }
            }
            return .accepted(job)
        default:
            return .alreadyFinished(job)
        }
    }

    /// Whether the query's task is registered (tests).
    public func isRunning(id: String) -> Bool {
        registry.withLock { $0.running[id] != nil }
    }

    /// Runs one queued query in its own task, registered so that `cancel` reaches it; returns when it ended.
    func runQueued(_ id: String) async {
        let task = Task { await self.execute(id) }
        registry.withLock { registry in
            registry.running[id] = task
            if registry.cancelRequested.remove(id) != nil { task.cancel() }
        }
        await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
        registry.withLock { registry in
            registry.running[id] = nil
            registry.userCancelled.remove(id)
        }
    }

    /// One query: `IN_PROGRESS`, the script through a session, then `SUCCESS`, `FAILED` with the SQLSTATE, or
    /// `CANCELLED`.
    func execute(_ id: String) async {
        let startedAt = now()
        guard let job = try? await store.updateJob(id: id, { $0.move(to: .inProgress, at: startedAt) }),
            job.state == .inProgress, job.startedAt == startedAt
        else { return }
        let session = makeSession(job.sandbox)
        session.origin = QueryOrigin(queryId: job.id, createdBy: job.scheduleId.map { "schedule \($0)" } ?? job.client)
        var preview = QueryResultPreview(columns: [], rows: [], truncated: false)
        var rowCount: Int64 = 0
        var failure: SQLError?
        do {
            try Task.checkCancellation()
            let result = try await session.run(job.effectiveSQL)
            preview.columns = result.columns.map(\.name)
            while let batch = try await result.next() {
                for row in batch.rows {
                    if preview.rows.count < configuration.resultRows {
                        preview.rows.append(JSONValueWriter.row(row, columns: result.columns))
                    } else {
                        preview.truncated = true
                    }
                }
            }
            rowCount = Self.rows(inTag: result.commandTag)
            if !result.returnsRows || configuration.resultRows == 0 {
                preview = .init(columns: [], rows: [], truncated: false)
            }
        } catch {
            failure = QuerySession.sqlError(error)
        }
        let interrupted = Task.isCancelled || failure?.state.code == "57014"
        let byClient = registry.withLock { $0.userCancelled.contains(id) }
        let cancelled = interrupted && byClient
        if interrupted && !byClient {
            failure = SQLError(SQLState("57P01"), "the server shut down while this query ran; it did not finish")
        }
        let written = session.writtenDatasetIds
        let at = now()
        let kept: QueryResultPreview? = configuration.resultRows > 0 && !preview.columns.isEmpty ? preview : nil
        let (error, count) = (failure, rowCount)
        _ = try? await store.updateJob(id: id) { job in
            if cancelled {
                job.move(to: .cancelled, at: at)
                job.errors = [QueryJobError(code: "57014", message: "canceling statement due to user request")]
            } else if let error {
                job.move(to: .failed, at: at)
                job.errors = [QueryJobError(code: error.state.code, message: error.message, position: error.position)]
            } else {
                job.move(to: .success, at: at)
                job.rowCount = count
                job.referencedDatasets = written
                job.preview = kept
            }
        }
    }

    /// The row count of a command tag: its last number (`SELECT 3`, `INSERT 0 2`).
    static func rows(inTag tag: String) -> Int64 {
        tag.split(separator: " ").last.flatMap { Int64($0) } ?? 0
    }
}
