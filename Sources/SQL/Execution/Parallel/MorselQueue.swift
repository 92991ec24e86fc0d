import Columnar
import Synchronization

/// A scan's partitions (Parquet row groups, in-memory batches) as a queue the workers of a parallel fragment pull
/// from, one partition (morsel) at a time, so a worker that finishes early takes the next one instead of idling.
/// The gather loads it once it has the partitions (`TableProvider.scan` is async); the lock is held only to take
/// one, and streams are pulled outside it.
final class MorselQueue: Sendable {
    private struct State {
        var morsels: [Morsel] = []
        var next = 0
        /// Morsels each worker took.
        var taken: [Int]
    }

    private let state: Mutex<State>

    init(workers: Int) {
        state = Mutex(State(taken: Array(repeating: 0, count: workers)))
    }

    func load(_ partitions: [any BatchStream]) {
        let morsels = partitions.map(Morsel.init)
        state.withLock { $0.morsels = morsels }
    }

    /// The next partition for `worker`, nil when every one was handed out.
    func take(worker: Int) -> (any BatchStream)? {
        let morsel: Morsel? = state.withLock { state in
            guard state.next < state.morsels.count else { return nil }
            defer { state.next += 1 }
            if state.taken.indices.contains(worker) { state.taken[worker] += 1 }
            return state.morsels[state.next]
        }
        return morsel?.stream
    }

    /// Morsels taken so far, by worker.
    var taken: [Int] { state.withLock { $0.taken } }
}

/// One partition on its way to the worker that takes it. Unchecked `Sendable`: a `BatchStream` belongs to one
/// task at a time, and the queue hands each one out exactly once.
struct Morsel: @unchecked Sendable {
    let stream: any BatchStream
}

/// The table a worker's pipeline scans: the original table's name and schema, and one stream that pulls the
/// shared queue's partitions one after the other. A plan fragment runs per worker with its scan's table replaced
/// by this one, so the worker's operators are the ones a serial plan builds.
struct MorselTable: TableProvider {
    let table: any TableProvider
    let queue: MorselQueue
    let worker: Int

    var name: String { table.name }
    var schema: Schema { table.schema }
    var statistics: TableStatistics { table.statistics }
    var supportsFieldPaths: Bool { table.supportsFieldPaths }

    /// The request was made of the original table by the gather; this scan only hands out its partitions.
    func scan(_ request: ScanRequest) async throws -> [any BatchStream] { [MorselStream(queue, worker: worker)] }
}

/// A worker's partitions in the order it takes them from the queue.
final class MorselStream: BatchStream {
    let queue: MorselQueue
    let worker: Int
    private var current: (any BatchStream)?
    private var done = false

    init(_ queue: MorselQueue, worker: Int) {
        self.queue = queue
        self.worker = worker
    }

    func next() async throws -> ColumnBatch? {
        while !done {
            if current == nil {
                current = queue.take(worker: worker)
                if current == nil {
                    done = true
                    return nil
                }
            }
            if let batch = try await current?.next() { return batch }
            current = nil
            // Between morsels, the other tasks of the cooperative pool get a turn.
            try ExecutionContext.current?.checkCancellation()
            await Task.yield()
        }
        return nil
    }
}
