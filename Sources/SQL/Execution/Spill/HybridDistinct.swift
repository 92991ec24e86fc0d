/// DISTINCT (and UNION, over `ConcatOperator`) within the memory limit, like hybrid hash aggregation: rows are
/// emitted the first time their value is seen while the seen-set's reservation fits; past the limit, rows not in
/// the set go to `fanOut` spill runs by hash, and each run is deduplicated the same way with the next level's seed.
/// When a level starts to spill, the seen-set goes to the runs first, each row flagged as already emitted, and its
/// memory is released: the operators below (a set operation, a join) need it more than a set that only filters.
/// Spilled rows carry that flag in front; a flagged row precedes every unflagged copy of it in its run.
final class HybridDistinctOperator: PhysicalOperator {
    let input: any PhysicalOperator
    let width: Int
    let context: ExecutionContext
    let reservation: MemoryReservation
    private var seen = Set<RowKey>()
    private var partitions: SpillPartitions?
    private var depth = 0
    private var inputDone = false
    private var reader: SpillRunReader?
    private var pending: [(run: SpillRunID, depth: Int)] = []

    init(_ input: any PhysicalOperator, width: Int, context: ExecutionContext) {
        self.input = input
        self.width = width
        self.context = context
        reservation = MemoryReservation(context)
    }

    func next() async throws -> Chunk? {
        while true {
            try context.checkCancellation()
            var rows: [[Datum]]
            if !inputDone {
                guard let chunk = try await input.next() else {
                    inputDone = true
                    try await endLevel()
                    continue
                }
                rows = (0..<chunk.count).map { chunk.row($0) }
            } else if let reader {
                guard let block = try await reader.nextBlock() else {
                    self.reader = nil
                    try await endLevel()
                    continue
                }
                rows = block
            } else if let (run, level) = pending.popLast() {
                depth = level
                reader = SpillRunReader(context, run)
                continue
            } else {
                return nil
            }
            var output: [[Datum]] = []
            let flagged = depth > 0
            for stored in rows {
                var emitted = false
                var row = stored
                if flagged {
                    if case .boolean(true) = stored.first { emitted = true }
                    row = Array(stored.dropFirst())
                }
                let key = RowKey(values: row)
                if seen.contains(key) { continue }
                if partitions == nil, reservation.tryGrow(RowSize.row(row) + 16) {
                    seen.insert(key)
                    if !emitted { output.append(row) }
                } else {
                    try await spill(row, emitted: emitted)
                }
            }
            if !output.isEmpty { return Chunk.fromRows(output, width: width) }
        }
    }

    private func spill(_ row: [Datum], emitted: Bool) async throws {
        guard context.canSpill else { throw context.outOfMemory("DISTINCT or a set operation") }
        guard depth < context.maxSpillDepth else { throw context.outOfMemory("a single row of DISTINCT") }
        if partitions == nil {
            let created = SpillPartitions(context, width: width + 1, seed: depth + 1)
            for key in seen { try await created.append([.boolean(true)] + key.values, key: key.values) }
            seen = []
            reservation.free()
            partitions = created
        }
        try await partitions?.append([.boolean(emitted)] + row, key: row)
    }

    private func endLevel() async throws {
        if let partitions {
            for run in try await partitions.finish() {
                if let run { pending.append((run, depth + 1)) }
            }
        }
        partitions = nil
        seen = []
        reservation.free()
    }
}

/// The left input's chunks, then the right's (UNION ALL).
final class ConcatOperator: PhysicalOperator {
    let inputs: [any PhysicalOperator]
    private var index = 0

    init(_ inputs: [any PhysicalOperator]) { self.inputs = inputs }

    func next() async throws -> Chunk? {
        while index < inputs.count {
            if let chunk = try await inputs[index].next() { return chunk }
            index += 1
        }
        return nil
    }
}
