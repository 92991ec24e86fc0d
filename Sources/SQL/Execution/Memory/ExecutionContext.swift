import Columnar
import Synchronization

/// One statement's execution state shared by its operators: the memory budget and its reservations, the spill
/// storage with the runs still alive, and the counters.
///
/// A statement's serial operators run on one task; the worker pipelines of a parallel fragment
/// (`Execution/Parallel`) run on child tasks and share the context: the reservations, the live runs and the
/// counters sit behind one lock. Whatever way the statement ends (results, an error, cancellation), the engine
/// calls `finish()`, which stops the workers still running, deletes the runs the operators left behind and drops
/// every reservation.
final class ExecutionContext: @unchecked Sendable {
    /// The context of the statement running on this task (set by `SQLEngine.run` and `QueryCursor`, inherited by
    /// the workers' child tasks), for the plans that operators build while running. Unchecked `Sendable`: the
    /// shared mutable state is behind `shared`; `profile`, `deadline` and `threads` are set before the
    /// statement's operators start and only read afterwards.
    @TaskLocal static var current: ExecutionContext?

    let memoryLimit: Int
    let spillStorage: (any SpillStorage)?
    /// The size of a spill block: rows are buffered up to this many (estimated) bytes before one write.
    let blockBytes: Int
    /// Hash partitions per spill level, and the deepest level before one key is declared too large.
    let fanOut = 8
    let maxSpillDepth = 6
    /// Worker pipelines a parallel fragment runs (the session's `threads`; 1 plans every statement serially).
    var threads = 1

    private struct Shared {
        var reserved = 0
        var liveRuns: Set<SpillRunID> = []
        var statistics = ExecutionStatistics()
        /// The gathers whose workers may still run (`finish()` stops and awaits them).
        var workers: [Task<Void, Never>] = []
    }
    private let shared = Mutex(Shared())

    var reserved: Int { shared.withLock { $0.reserved } }
    var liveRuns: Set<SpillRunID> { shared.withLock { $0.liveRuns } }
    var statistics: ExecutionStatistics { shared.withLock { $0.statistics } }

    init(memoryLimit: Int, spillStorage: (any SpillStorage)?) {
        self.memoryLimit = max(0, memoryLimit)
        self.spillStorage = spillStorage
        blockBytes = max(4096, min(1 << 20, memoryLimit / 8))
    }

    convenience init(_ options: SQLEngine.Options) {
        self.init(memoryLimit: options.memoryLimit, spillStorage: options.spillStorage)
    }

    /// An unlimited context without spill storage, for plans run outside a statement.
    static func unbounded() -> ExecutionContext { ExecutionContext(memoryLimit: Int.max, spillStorage: nil) }

    var canSpill: Bool { spillStorage != nil }

    /// What operators that can spill leave free: the last eighth of the limit is kept for the ones that cannot
    /// (a top-N above an aggregate that filled its share, one row of a sort, an ungrouped aggregate's state), so a
    /// spilling operator never starves them by holding memory it could give back to disk.
    var spillableHeadroom: Int { memoryLimit / 8 }

    /// Reserves `bytes` if the total stays within the limit, less `headroom`.
    func tryReserve(_ bytes: Int, leaving headroom: Int = 0) -> Bool {
        guard bytes > 0 else { return true }
        let limit = memoryLimit
        return shared.withLock { state in
            guard state.reserved <= limit - headroom - bytes else { return false }
            state.reserved += bytes
            state.statistics.peakReservedBytes = max(state.statistics.peakReservedBytes, state.reserved)
            return true
        }
    }

    func release(_ bytes: Int) { shared.withLock { $0.reserved = max(0, $0.reserved - bytes) } }

    /// Adds what one worker of a gather did: the morsels it pulled (by worker number).
    func recordMorsels(_ morsels: [Int]) {
        shared.withLock { state in
            var counts = state.statistics.morselsPerWorker
            if counts.count < morsels.count { counts += Array(repeating: 0, count: morsels.count - counts.count) }
            for (worker, count) in morsels.enumerated() { counts[worker] += count }
            state.statistics.morselsPerWorker = counts
        }
    }

    /// Registers a gather's workers so that `finish()` stops them if the statement ends before they do.
    func track(_ workers: Task<Void, Never>) { shared.withLock { $0.workers.append(workers) } }

    /// Set for `EXPLAIN ANALYZE`: the planner records every operator it builds.
    var profile: ExecutionProfile?

    /// When the statement times out (a cursor's `statementTimeout`, counted from `open`).
    var deadline: ContinuousClock.Instant?

    /// Throws `CancellationError` when the statement's task is cancelled (the engine reports it as `57014`), and
    /// `57014` "canceling statement due to statement timeout" past the `deadline`.
    func checkCancellation() throws {
        try Task.checkCancellation()
        if let deadline, ContinuousClock.now >= deadline { throw SQLError.canceledByTimeout }
    }

    /// `53200` for an operator that needs more than the limit and cannot spill.
    func outOfMemory(_ detail: String) -> SQLError {
        SQLError(
            .outOfMemory, "out of memory",
            hint: "\(detail) needs more than the memory limit of \(memoryLimit) bytes"
                + (canSpill ? "" : " and spilling to disk is not configured"))
    }

    func createRun() async throws -> SpillRunID {
        guard let spillStorage else { throw outOfMemory("the statement") }
        let run = try await spillStorage.createRun()
        shared.withLock { state in
            state.liveRuns.insert(run)
            state.statistics.spillRuns += 1
        }
        return run
    }

    func append(_ block: [UInt8], rows: Int, to run: SpillRunID) async throws {
        guard let spillStorage else { throw outOfMemory("the statement") }
        try await spillStorage.append(block, to: run)
        shared.withLock { state in
            state.statistics.spilledBytes += block.count
            state.statistics.spilledRows += rows
        }
    }

    func read(_ run: SpillRunID, at position: Int) async throws -> SpillBlock? {
        guard let spillStorage else { return nil }
        return try await spillStorage.read(run, at: position)
    }

    /// Deletes a run its operator has read to the end.
    func delete(_ run: SpillRunID) async throws {
        guard let spillStorage, shared.withLock({ $0.liveRuns.remove(run) }) != nil else { return }
        try await spillStorage.delete(run)
    }

    /// Ends the statement: stops the parallel workers still running and waits for them, then deletes every run
    /// still alive. Runs even when the task is cancelled; a run that cannot be deleted is left to the storage's
    /// startup sweep. (Reservations go back as the operators are released.)
    func finish() async {
        let workers = shared.withLock { state in
            defer { state.workers = [] }
            return state.workers
        }
        for task in workers {
            task.cancel()
            await task.value
        }
        let runs = shared.withLock { state in
            defer { state.liveRuns = [] }
            return state.liveRuns
        }
        if let spillStorage {
            for run in runs { try? await spillStorage.delete(run) }
        }
    }
}

/// An operator's share of the statement's memory budget: grown as it buffers rows, shrunk as it lets them go.
final class MemoryReservation {
    let context: ExecutionContext
    private(set) var bytes = 0

    init(_ context: ExecutionContext) { self.context = context }

    /// Grows within the limit less the context's `spillableHeadroom` when the operator spills if this fails
    /// (`spillable`), within the whole limit otherwise.
    func tryGrow(_ amount: Int, spillable: Bool = true) -> Bool {
        guard context.tryReserve(amount, leaving: spillable ? context.spillableHeadroom : 0) else { return false }
        bytes += amount
        return true
    }

    /// Grows within the whole limit or fails with `53200` naming `what`: for memory an operator cannot spill.
    func grow(_ amount: Int, for what: @autoclosure () -> String) throws {
        guard tryGrow(amount, spillable: false) else { throw context.outOfMemory(what()) }
    }

    func shrink(_ amount: Int) {
        let amount = min(amount, bytes)
        bytes -= amount
        context.release(amount)
    }

    func free() { shrink(bytes) }

    deinit { context.release(bytes) }
}

/// Conservative in-memory sizes of rows, for reservations.
enum RowSize {
    static let datumStride = MemoryLayout<Datum>.stride
    /// Array header and allocation overhead per row or collection.
    static let arrayOverhead = 32

    static func datum(_ datum: Datum) -> Int {
        switch datum {
        case let .text(text): return datumStride + arrayOverhead + text.utf8.count
        case let .bytes(bytes): return datumStride + arrayOverhead + bytes.count
        case let .nested(value): return datumStride + self.value(value)
        default: return datumStride
        }
    }

    static func value(_ value: Value) -> Int {
        switch value {
        case let .string(text): return 32 + text.utf8.count
        case let .binary(bytes): return 32 + bytes.count
        case let .struct(items), let .list(items): return 32 + items.reduce(16) { $0 + self.value($1) }
        case let .map(entries): return 32 + entries.reduce(16) { $0 + self.value($1.key) + self.value($1.value) }
        default: return 24
        }
    }

    static func row(_ row: [Datum]) -> Int { row.reduce(arrayOverhead) { $0 + datum($1) } }
}
