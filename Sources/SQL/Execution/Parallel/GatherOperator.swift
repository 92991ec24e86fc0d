/// Runs one pipeline per worker over a shared morsel queue and returns their chunks as they come (in no
/// particular order). The workers start on the first `next()`: the gather asks the table for its partitions,
/// loads the queue, and runs the pipelines as child tasks of one task group; their chunks reach the consumer
/// through a bounded `Exchange`.
///
/// The group lives in one task the gather owns (a pull-based operator cannot keep a task group's scope open
/// across `next()` calls); the task inherits the statement's task-local values, and it ends before the gather
/// reports the end, an error or a cancellation: the gather cancels it and waits for it. The statement's context
/// tracks it too, so `ExecutionContext.finish()` stops workers of a gather abandoned early (a cursor closed
/// before its end) before it deletes the spill runs.
final class GatherOperator: PhysicalOperator {
    let table: any TableProvider
    let request: ScanRequest
    let queue: MorselQueue
    let context: ExecutionContext
    private var pipelines: [any PhysicalOperator]
    private let exchange: Exchange
    private var workers: Task<Void, Never>?
    private var ended = false

    /// `pipelines[i]` is worker `i`'s operators over a scan of `MorselTable(table, queue, i)`.
    init(
        table: any TableProvider, request: ScanRequest, queue: MorselQueue, pipelines: [any PhysicalOperator],
        context: ExecutionContext
    ) {
        self.table = table
        self.request = request
        self.queue = queue
        self.pipelines = pipelines
        self.context = context
        // Two chunks in flight per worker: enough to keep both sides busy, few enough to bound memory.
        exchange = Exchange(producers: pipelines.count, capacity: 2 * pipelines.count)
    }

    deinit {
        exchange.close()
        workers?.cancel()
    }

    func next() async throws -> Chunk? {
        guard !ended else { return nil }
        do {
            if workers == nil { try await start() }
            if let chunk = try await exchange.receive() { return chunk }
            await stop()
            return nil
        } catch {
            await stop()
            throw error
        }
    }

    private func start() async throws {
        queue.load(try await table.scan(request))
        let pipelines = self.pipelines.map(Pipeline.init)
        self.pipelines = []
        let (exchange, queue, context) = (self.exchange, self.queue, self.context)
        let task = Task {
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for pipeline in pipelines {
                        group.addTask {
                            do {
                                while let chunk = try await pipeline.operator.next() {
                                    if chunk.count > 0 { try await exchange.send(chunk) }
                                }
                                exchange.finish()
                            } catch {
                                // The first error ends the statement; the group then cancels the other workers.
                                exchange.fail(error)
                                throw error
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            } catch {
                exchange.fail(error)
            }
            context.recordMorsels(queue.taken)
        }
        workers = task
        context.track(task)
    }

    /// Stops the workers (if still running) and waits until they have.
    private func stop() async {
        ended = true
        exchange.close()
        guard let workers else { return }
        workers.cancel()
        await workers.value
    }
}

/// A worker's operators on their way to its child task. Unchecked `Sendable`: operators are not, but once the
/// gather hands a pipeline over, only that worker's task touches it.
private struct Pipeline: @unchecked Sendable {
    let `operator`: any PhysicalOperator
    init(_ operator: any PhysicalOperator) { self.operator = `operator` }
}
