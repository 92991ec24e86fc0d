/// Hash aggregation within the memory limit (hybrid hash aggregation, as PostgreSQL 13+ does it).
///
/// Groups live in a hash table (`AggregationTable` over a typed `GroupKeyTable`) as long as their reservation
/// fits. Past the limit the table stops taking new groups: groups already in it keep updating in place, and rows
/// of new groups go to `fanOut` spill runs by key hash. A group whose state must grow (DISTINCT values,
/// `string_agg`, the rows an aggregate with ORDER BY or an ordered-set aggregate collects, a new
/// `approx_count_distinct` sketch) and cannot is moved out whole: its state is written to its run ahead of its
/// later rows. At the end the table's groups are emitted, then each run is aggregated the same way with the next
/// level's hash seed. A key whose state alone exceeds the limit goes down `maxSpillDepth` levels and fails with
/// `53200`. Without GROUP BY the one group cannot move out: the rows its ordered-set and ORDER BY aggregates
/// collect go to sorted runs instead (`AggregationTable+CollectedRuns.swift`); other state beyond the limit
/// (DISTINCT values, a `string_agg` result) fails with `53200`.
final class HybridHashAggregateOperator: PhysicalOperator {
    let input: any PhysicalOperator
    let groups: [BoundExpression]
    let aggregates: [BoundAggregate]
    let context: ExecutionContext
    private var started = false
    private var current: AggregationTable?
    private var emitted = 0
    private var pending: [(run: SpillRunID, depth: Int)] = []
    /// And-ed into every key hash; tests set 0 so that all keys collide.
    var hashMask: UInt64 = ~0
    static let outputRows = 1024

    init(
        _ input: any PhysicalOperator, groups: [BoundExpression], aggregates: [BoundAggregate],
        context: ExecutionContext
    ) {
        self.input = input
        self.groups = groups
        self.aggregates = aggregates
        self.context = context
    }

    func next() async throws -> Chunk? {
        if !started {
            started = true
            let table = try makeTable(depth: 0, ungrouped: groups.isEmpty)
            while let chunk = try await input.next() {
                try context.checkCancellation()
                if try table.addUngroupedBatch(chunk) { continue }
                let groupVectors = try groups.map { try VectorEvaluator.evaluate($0, chunk) }
                let argumentVectors = try aggregates.map { aggregate in
                    try aggregate.arguments.map { try VectorEvaluator.evaluate($0, chunk) }
                }
                try await table.add(groups: groupVectors, arguments: argumentVectors, count: chunk.count)
            }
            try await finish(table)
        }
        while true {
            if let current, emitted < current.groupCount {
                var rows: [[Datum]] = []
                while emitted < current.groupCount, rows.count < Self.outputRows {
                    if let row = try current.result(emitted) { rows.append(row) }
                    emitted += 1
                }
                if !rows.isEmpty { return Chunk.fromRows(rows, width: groups.count + aggregates.count) }
                continue
            }
            current?.reservation.free()
            current = nil
            guard let (run, depth) = pending.popLast() else { return nil }
            let table = try makeTable(depth: depth, ungrouped: false)
            let reader = SpillRunReader(context, run)
            while let block = try await reader.nextBlock() { try await table.addSpilled(block) }
            try await finish(table)
        }
    }

    private func makeTable(depth: Int, ungrouped: Bool) throws -> AggregationTable {
        try AggregationTable(
            aggregates: aggregates, keyTypes: groups.map(\.type), context: context, depth: depth, ungrouped: ungrouped,
            hashMask: hashMask)
    }

    private func finish(_ table: AggregationTable) async throws {
        try await table.finishCollected()
        if let partitions = table.partitions {
            for run in try await partitions.finish() {
                if let run { pending.append((run, table.depth + 1)) }
            }
        }
        current = table
        emitted = 0
    }
}
