/// DISTINCT (and UNION, over `ConcatOperator`) within the memory limit, like hybrid hash aggregation: rows are
/// emitted the first time their value is seen while the seen-set's reservation fits; past the limit, rows not in
/// the set go to `fanOut` spill runs by hash, and each run is deduplicated the same way with the next level's seed.
/// The seen-set is a `GroupKeyTable` over the columns' types (typed keys compared in place; all NaNs equal), and a
/// batch's first-seen rows go out as a selection of its vectors. When a level starts to spill, the seen-set goes
/// to the runs first, each row flagged as already emitted, and its memory is released: the operators below (a set
/// operation, a join) need it more than a set that only filters. Spilled rows carry that flag in front; a flagged
/// row precedes every unflagged copy of it in its run.
final class HybridDistinctOperator: PhysicalOperator {
    let input: any PhysicalOperator
    let width: Int
    let types: [SQLType]
    let context: ExecutionContext
    let reservation: MemoryReservation
    private var seen: GroupKeyTable
    private var partitions: SpillPartitions?
    private var depth = 0
    private var inputDone = false
    private var reader: SpillRunReader?
    private var pending: [(run: SpillRunID, depth: Int)] = []
    /// And-ed into every key hash; tests set 0 so that all rows collide.
    var hashMask: UInt64 = ~0 {
        didSet { seen = GroupKeyTable(types: types, hashMask: hashMask) }
    }
    static let rowBytes = 16

    /// `types` are the columns' (a column of another type, or none given, is compared as datums).
    init(_ input: any PhysicalOperator, width: Int, types: [SQLType]? = nil, context: ExecutionContext) {
        self.input = input
        self.width = width
        self.types = types.flatMap { $0.count == width ? $0 : nil } ?? Array(repeating: .unknown, count: width)
        self.context = context
        reservation = MemoryReservation(context)
        seen = GroupKeyTable(types: self.types)
    }

    func next() async throws -> Chunk? {
        while true {
            try context.checkCancellation()
            let chunk: Chunk
            var flags: [Bool]?
            if !inputDone {
                guard let next = try await input.next() else {
                    inputDone = true
                    try await endLevel()
                    continue
                }
                chunk = next
            } else if let reader {
                guard let block = try await reader.nextBlock() else {
                    self.reader = nil
                    try await endLevel()
                    continue
                }
                flags = block.map { row in
                    if case .boolean(true) = row.first { return true }
                    return false
                }
                chunk = Chunk.fromRows(block.map { Array($0.dropFirst()) }, width: width)
            } else if let (run, level) = pending.popLast() {
                depth = level
                reader = SpillRunReader(context, run)
                continue
            } else {
                return nil
            }
            guard chunk.count > 0 else { continue }
            let batch = try seen.batch(chunk.vectors, count: chunk.count)
            var selection: [Int] = []
            for row in 0..<chunk.count {
                let (found, entry) = seen.find(batch, row)
                if found >= 0 { continue }
                let emitted = flags?[row] ?? false
                if partitions == nil,
                    reservation.tryGrow(seen.keyBytes(batch, row) + seen.growthBytes + Self.rowBytes)
                {
                    _ = seen.insert(batch, row, entry: entry)
                    if !emitted { selection.append(row) }
                } else {
                    try await spill(chunk.row(row), emitted: emitted)
                }
            }
            if selection.count == chunk.count { return chunk }
            if !selection.isEmpty { return chunk.gather(selection) }
        }
    }

    private func spill(_ row: [Datum], emitted: Bool) async throws {
        guard context.canSpill else { throw context.outOfMemory("DISTINCT or a set operation") }
        guard depth < context.maxSpillDepth else { throw context.outOfMemory("a single row of DISTINCT") }
        if partitions == nil {
            let created = SpillPartitions(context, width: width + 1, seed: depth + 1)
            for group in 0..<seen.count {
                let key = seen.key(group)
                try await created.append([.boolean(true)] + key, key: key)
            }
            seen = GroupKeyTable(types: types, hashMask: hashMask)
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
        seen = GroupKeyTable(types: types, hashMask: hashMask)
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
