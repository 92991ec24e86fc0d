/// Hash aggregation within the memory limit (hybrid hash aggregation, as PostgreSQL 13+ does it).
///
/// Groups live in a hash table as long as their reservation fits. Past the limit the table stops taking new
/// groups: groups already in it keep updating in place, and rows of new groups go to `fanOut` spill runs by key
/// hash. A group whose state must grow (DISTINCT values, `string_agg`, the rows an aggregate with ORDER BY or an
/// ordered-set aggregate collects, a new `approx_count_distinct` sketch) and cannot is moved out whole: its state
/// is written to its run ahead of its later rows. At the end the table's groups are emitted, then each run is
/// aggregated the same way with the next level's hash seed. A key whose state alone exceeds the limit goes down
/// `maxSpillDepth` levels and fails with `53200`; so does an aggregate without GROUP BY that outgrows the limit.
final class HybridHashAggregateOperator: PhysicalOperator {
    let input: any PhysicalOperator
    let groups: [BoundExpression]
    let aggregates: [BoundAggregate]
    let context: ExecutionContext
    private var started = false
    private var current: AggregationTable?
    private var emitted = 0
    private var pending: [(run: SpillRunID, depth: Int)] = []
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
            let table = try AggregationTable(
                aggregates: aggregates, keyWidth: groups.count, context: context, depth: 0, ungrouped: groups.isEmpty)
            while let chunk = try await input.next() {
                try context.checkCancellation()
                if try table.addUngroupedBatch(chunk) { continue }
                let groupColumns = try groups.map { try Evaluator.evaluate($0, chunk) }
                let argumentColumns = try aggregates.map { aggregate in
                    try aggregate.arguments.map { try Evaluator.evaluate($0, chunk) }
                }
                for row in 0..<chunk.count {
                    let key = groupColumns.map { $0[row] }
                    let arguments = argumentColumns.map { columns in columns.map { $0[row] } }
                    try await table.add(key: key, arguments: arguments)
                }
            }
            try await finish(table)
        }
        while true {
            if let current, emitted < current.keys.count {
                var rows: [[Datum]] = []
                while emitted < current.keys.count, rows.count < Self.outputRows {
                    if let row = try current.result(emitted) { rows.append(row) }
                    emitted += 1
                }
                if !rows.isEmpty { return Chunk.fromRows(rows, width: groups.count + aggregates.count) }
                continue
            }
            current?.reservation.free()
            current = nil
            guard let (run, depth) = pending.popLast() else { return nil }
            let table = try AggregationTable(
                aggregates: aggregates, keyWidth: groups.count, context: context, depth: depth, ungrouped: false)
            let reader = SpillRunReader(context, run)
            while let block = try await reader.nextBlock() {
                for row in block { try await table.addSpilled(row) }
            }
            try await finish(table)
        }
    }

    private func finish(_ table: AggregationTable) async throws {
        if let partitions = table.partitions {
            for run in try await partitions.finish() {
                if let run { pending.append((run, table.depth + 1)) }
            }
        }
        current = table
        emitted = 0
    }
}

/// One level of hybrid hash aggregation: the in-memory groups and the spill partitions for the rest.
final class AggregationTable {
    let aggregates: [BoundAggregate]
    let keyWidth: Int
    let argumentCounts: [Int]
    let context: ExecutionContext
    let depth: Int
    let ungrouped: Bool
    let reservation: MemoryReservation
    /// A spilled row: a flag (state or input row), the key, then the arguments or one state per aggregate.
    let spillWidth: Int
    private var index: [RowKey: Int] = [:]
    /// Group keys by slot in first-seen order; nil for a group moved out to its run.
    private(set) var keys: [[Datum]?] = []
    /// Per group, one state per aggregate (`addUngroupedBatch` updates the single group's in place).
    var states: [[Accumulator]] = []
    private var groupBytes: [Int] = []
    private(set) var partitions: SpillPartitions?
    /// A parallel worker's partial aggregate: a new group that does not fit throws `AggregationTableFull` (nothing
    /// added) instead of spilling, and the worker flushes its groups downstream (`PartialAggregateOperator`).
    var flushesWhenFull = false
    private static let entryBytes = 64

    init(aggregates: [BoundAggregate], keyWidth: Int, context: ExecutionContext, depth: Int, ungrouped: Bool) throws {
        self.aggregates = aggregates
        self.keyWidth = keyWidth
        self.context = context
        self.depth = depth
        self.ungrouped = ungrouped
        argumentCounts = aggregates.map(\.arguments.count)
        spillWidth = 1 + keyWidth + max(argumentCounts.reduce(0, +), aggregates.count)
        reservation = MemoryReservation(context)
        if ungrouped {
            let bytes = Self.entryBytes + aggregates.count * MemoryLayout<Accumulator>.stride
            try reservation.grow(bytes, for: "an aggregate")
            keys.append([])
            states.append(Array(repeating: Accumulator(), count: aggregates.count))
            groupBytes.append(bytes)
        }
    }

    func add(key: [Datum], arguments: [[Datum]]) async throws {
        if let slot = ungrouped ? 0 : index[RowKey(values: key)] {
            let growth = self.growth(states[slot], arguments)
            if reservation.tryGrow(growth, spillable: !ungrouped) {
                groupBytes[slot] += growth
                try apply(slot, arguments)
                return
            }
            if ungrouped {
                throw context.outOfMemory("an aggregate without GROUP BY (its DISTINCT values or string_agg result)")
            }
            try await evict(slot)
        } else if partitions == nil {
            let fresh = Array(repeating: Accumulator(), count: aggregates.count)
            let bytes =
                Self.entryBytes + RowSize.row(key) + aggregates.count * MemoryLayout<Accumulator>.stride
                + growth(fresh, arguments)
            if reservation.tryGrow(bytes) {
                let slot = insert(key, fresh, bytes: bytes)
                try apply(slot, arguments)
                return
            }
            if flushesWhenFull { throw AggregationTableFull() }
        }
        var row: [Datum] = [.boolean(false)]
        row.append(contentsOf: key)
        for values in arguments { row.append(contentsOf: values) }
        try await spill(row, key: key)
    }

    /// A row read back from a run of the level above.
    func addSpilled(_ row: [Datum]) async throws {
        guard row.count == spillWidth else { throw RowCodec.corrupt() }
        let key = Array(row[1..<1 + keyWidth])
        if case .boolean(true) = row[0] {
            var restored: [Accumulator] = []
            for value in row[(1 + keyWidth)..<(1 + keyWidth + aggregates.count)] {
                guard case let .bytes(bytes) = value else { throw RowCodec.corrupt() }
                restored.append(try AccumulatorCodec.decode(bytes))
            }
            let bytes =
                Self.entryBytes + RowSize.row(key) + aggregates.count * MemoryLayout<Accumulator>.stride
                + restored.reduce(0) { $0 + AccumulatorCodec.heapBytes($1) }
            if partitions == nil, index[RowKey(values: key)] == nil, reservation.tryGrow(bytes) {
                _ = insert(key, restored, bytes: bytes)
            } else {
                try await spill(row, key: key)
            }
            return
        }
        var arguments: [[Datum]] = []
        var offset = 1 + keyWidth
        for count in argumentCounts {
            arguments.append(Array(row[offset..<offset + count]))
            offset += count
        }
        try await add(key: key, arguments: arguments)
    }

    /// The output row of the group in `slot`, nil for a group moved out.
    func result(_ slot: Int) throws -> [Datum]? {
        guard let key = keys[slot] else { return nil }
        return key + (try aggregates.enumerated().map { try states[slot][$0.offset].result($0.element) })
    }

    private func insert(_ key: [Datum], _ state: [Accumulator], bytes: Int) -> Int {
        let slot = keys.count
        index[RowKey(values: key)] = slot
        keys.append(key)
        states.append(state)
        groupBytes.append(bytes)
        return slot
    }

    private func apply(_ slot: Int, _ arguments: [[Datum]]) throws {
        for a in aggregates.indices { try states[slot][a].add(aggregates[a], arguments[a]) }
    }

    /// What adding a row would add to a group's heap: a new DISTINCT value, a longer string_agg.
    private func growth(_ states: [Accumulator], _ arguments: [[Datum]]) -> Int {
        var bytes = 0
        for (a, aggregate) in aggregates.enumerated() where aggregate.function != .countStar {
            if aggregate.usesExtendedState {
                bytes += states[a].extendedGrowth(aggregate, arguments[a])
                continue
            }
            guard let value = arguments[a].first else { continue }
            if aggregate.function == .arrayAgg { bytes += RowSize.datum(value) }
            if value.isNull { continue }
            if aggregate.distinct {
                if states[a].seen?.contains(value) == true { continue }
                bytes += RowSize.datum(value) + 16
            }
            if aggregate.function == .stringAgg, case let .text(text) = value {
                var separator = 0
                if arguments[a].count > 1, case let .text(s) = arguments[a][1] { separator = s.utf8.count }
                bytes += text.utf8.count + separator
            }
        }
        return bytes
    }

    /// Moves a group out of memory: its state goes to its run, where its later rows follow.
    private func evict(_ slot: Int) async throws {
        guard let key = keys[slot] else { return }
        var row: [Datum] = [.boolean(true)]
        row.append(contentsOf: key)
        row.append(contentsOf: states[slot].map { .bytes(AccumulatorCodec.encode($0)) })
        try await spill(row, key: key)
        index[RowKey(values: key)] = nil
        keys[slot] = nil
        states[slot] = []
        reservation.shrink(groupBytes[slot])
        groupBytes[slot] = 0
    }

    private func spill(_ row: [Datum], key: [Datum]) async throws {
        guard context.canSpill else { throw context.outOfMemory("hash aggregation") }
        guard depth < context.maxSpillDepth else {
            throw context.outOfMemory("the state of a single group of a hash aggregation")
        }
        if partitions == nil { partitions = SpillPartitions(context, width: spillWidth, seed: depth + 1) }
        var padded = row
        while padded.count < spillWidth { padded.append(.null) }
        try await partitions?.append(padded, key: key)
    }
}
