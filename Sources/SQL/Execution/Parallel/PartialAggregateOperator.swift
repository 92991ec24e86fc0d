/// A parallel worker's partial aggregate: groups its rows in a hash table of at most `budget` bytes and, when the
/// table is full (or the statement's memory is taken), emits the table's partial results and starts a new one
/// instead of spilling: the final aggregate above the gather merges a key's partial rows, however many there
/// are, and spills as a serial aggregate does. When not even one group fits, a row's own partial result goes out
/// alone. Only combinable aggregates run here (`ParallelPlanner.isCombinable`), whose states never grow.
final class PartialAggregateOperator: PhysicalOperator {
    let input: any PhysicalOperator
    let groups: [BoundExpression]
    let aggregates: [BoundAggregate]
    let context: ExecutionContext
    let budget: Int
    private var emitting: PartialGroups?
    private var emitted = 0
    /// The chunk being added: its group and argument columns and the next row.
    private var pending: (groups: [[Datum]], arguments: [[[Datum]]], count: Int, row: Int)?
    private var single: [Datum]?
    private var inputDone = false

    init(
        _ input: any PhysicalOperator, groups: [BoundExpression], aggregates: [BoundAggregate],
        context: ExecutionContext, budget: Int
    ) {
        self.input = input
        self.groups = groups
        self.aggregates = aggregates
        self.context = context
        self.budget = max(1, budget)
    }

    func next() async throws -> Chunk? {
        let width = groups.count + aggregates.count
        while true {
            if let single {
                self.single = nil
                return Chunk.fromRows([single], width: width)
            }
            if let table = emitting {
                var rows: [[Datum]] = []
                while emitted < table.keys.count, rows.count < HybridHashAggregateOperator.outputRows {
                    rows.append(try table.result(emitted))
                    emitted += 1
                }
                if !rows.isEmpty { return Chunk.fromRows(rows, width: width) }
                table.reservation.free()
                emitting = nil
            }
            if inputDone { return nil }
            try await fill()
        }
    }

    /// Adds input rows to a new table until the input ends or the table is full; the table is then emitted.
    private func fill() async throws {
        let table = PartialGroups(aggregates: aggregates, context: context)
        defer {
            emitting = table
            emitted = 0
        }
        while true {
            if pending == nil {
                guard let chunk = try await input.next() else {
                    inputDone = true
                    return
                }
                try context.checkCancellation()
                pending = (
                    try groups.map { try Evaluator.evaluate($0, chunk) },
                    try aggregates.map { aggregate in try aggregate.arguments.map { try Evaluator.evaluate($0, chunk) }
                    },
                    chunk.count, 0
                )
            }
            guard var current = pending else { continue }
            while current.row < current.count {
                let row = current.row
                let key = current.groups.map { $0[row] }
                let arguments = current.arguments.map { columns in columns.map { $0[row] } }
                if table.reservation.bytes >= budget {
                    pending = current
                    return
                }
                guard try table.add(key: key, arguments: arguments) else {
                    pending = current
                    if !table.keys.isEmpty { return }
                    // Nothing fits: this row's partial result goes out on its own.
                    var states = Array(repeating: Accumulator(), count: aggregates.count)
                    for (index, aggregate) in aggregates.enumerated() {
                        try states[index].add(aggregate, arguments[index])
                    }
                    single = key + (try aggregates.enumerated().map { try states[$0.offset].result($0.element) })
                    pending?.row += 1
                    return
                }
                current.row += 1
            }
            pending = nil
        }
    }
}

/// A partial aggregate's groups: combinable aggregates only, whose states never grow, so only a new group takes
/// memory; when it does not fit, `add` says so and the operator emits the table instead of spilling.
final class PartialGroups {
    let aggregates: [BoundAggregate]
    let reservation: MemoryReservation
    private var index: [RowKey: Int] = [:]
    private(set) var keys: [[Datum]] = []
    private var states: [[Accumulator]] = []

    init(aggregates: [BoundAggregate], context: ExecutionContext) {
        self.aggregates = aggregates
        reservation = MemoryReservation(context)
    }

    /// Adds a row to its group; false (nothing added) when a new group does not fit in the statement's memory.
    func add(key: [Datum], arguments: [[Datum]]) throws -> Bool {
        let slot: Int
        if let found = index[RowKey(values: key)] {
            slot = found
        } else {
            let bytes =
                AggregationTable.entryBytes + RowSize.row(key) + aggregates.count * MemoryLayout<Accumulator>.stride
            guard reservation.tryGrow(bytes) else { return false }
            slot = keys.count
            index[RowKey(values: key)] = slot
            keys.append(key)
            states.append(Array(repeating: Accumulator(), count: aggregates.count))
        }
        for a in aggregates.indices { try states[slot][a].add(aggregates[a], arguments[a]) }
        return true
    }

    func result(_ slot: Int) throws -> [Datum] {
        try keys[slot] + aggregates.enumerated().map { try states[slot][$0.offset].result($0.element) }
    }
}
