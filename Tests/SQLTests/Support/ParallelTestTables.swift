import Columnar
import SQL
import Synchronization

/// Tables for the parallel execution tests: each partition is one stream, so the workers share them as morsels.
enum ParallelTestTables {
    /// The batches of `SpillTestData.table(name, rows:, groups:)` (2,048 rows each) with `behaviour` per
    /// partition.
    static func table(
        _ name: String, rows: Int, groups: Int, behaviour: @escaping @Sendable (Int) -> PartitionBehaviour
    ) throws -> BehaviourTable {
        BehaviourTable(source: try SpillTestData.table(name, rows: rows, groups: groups), behaviour: behaviour)
    }
}

/// What a partition does when first pulled.
enum PartitionBehaviour: Sendable {
    /// Returns its batch.
    case plain
    /// Waits until `rendezvous` has seen `count` partitions pulled (so another worker must be pulling at the same
    /// time), failing after a minute.
    case meet(Rendezvous, count: Int)
    /// Fails with this error.
    case fail(SQLError)
    /// Returns a batch with new ids on every pull, never ending (counted by `activity`).
    case endless(Activity)
}

/// Counts partitions pulled, for `PartitionBehaviour.meet`.
final class Rendezvous: Sendable {
    let arrived = Mutex(0)
}

/// How many endless partitions are inside `next()` now, and how many pulls they served.
final class Activity: Sendable {
    let state = Mutex((active: 0, pulls: 0))
    var active: Int { state.withLock { $0.active } }
    var pulls: Int { state.withLock { $0.pulls } }
}

struct BehaviourTable: TableProvider {
    let source: InMemoryTable
    let behaviour: @Sendable (Int) -> PartitionBehaviour

    var name: String { source.name }
    var schema: Schema { source.schema }
    var statistics: TableStatistics { source.statistics }

    func scan(_ request: ScanRequest) async throws -> [any BatchStream] {
        try await source.scan(request).enumerated().map { index, stream in
            let behaviour = self.behaviour(index)
            guard case .endless = behaviour else { return BehaviourStream(stream, behaviour) }
            // New ids (and so new groups) on every pull.
            return BehaviourStream(
                EndlessStream(batch: source.batches[index], projection: request.projection), behaviour)
        }
    }
}

final class BehaviourStream: BatchStream {
    let inner: any BatchStream
    let behaviour: PartitionBehaviour
    private var started = false

    init(_ inner: any BatchStream, _ behaviour: PartitionBehaviour) {
        self.inner = inner
        self.behaviour = behaviour
    }

    func next() async throws -> ColumnBatch? {
        switch behaviour {
        case .plain:
            return try await inner.next()
        case let .meet(rendezvous, count):
            guard !started else { return try await inner.next() }
            started = true
            rendezvous.arrived.withLock { $0 += 1 }
            let deadline = ContinuousClock.now + .seconds(60)
            while rendezvous.arrived.withLock({ $0 }) < count {
                guard ContinuousClock.now < deadline else {
                    throw SQLError(SQLState("XX000"), "no other worker pulled a partition meanwhile")
                }
                try await Task.sleep(for: .milliseconds(1))
            }
            return try await inner.next()
        case let .fail(error):
            throw error
        case let .endless(activity):
            activity.state.withLock { $0.active += 1 }
            defer { activity.state.withLock { $0.active -= 1 } }
            activity.state.withLock { $0.pulls += 1 }
            return try await inner.next()
        }
    }
}
