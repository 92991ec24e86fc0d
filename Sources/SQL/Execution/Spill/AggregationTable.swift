/// One level of hybrid hash aggregation: the in-memory groups and the spill partitions for the rest.
///
/// A batch at a time: the group keys go through a `GroupKeyTable` (typed keys, group ids for the whole batch),
/// then the aggregates update column at a time when no state can grow (`addColumns`), row at a time otherwise.
/// DISTINCT aggregates (other than `array_agg` and those with ORDER BY) deduplicate through one `DistinctPairs`
/// table of (group, value) per aggregate. Without GROUP BY, the rows that aggregates with ORDER BY and ordered-set
/// aggregates collect go to sorted runs when they outgrow the limit, and are merged at the end.
final class AggregationTable {
    let aggregates: [BoundAggregate]
    let keyTypes: [SQLType]
    let argumentCounts: [Int]
    let context: ExecutionContext
    let depth: Int
    let ungrouped: Bool
    let reservation: MemoryReservation
    /// A spilled row: a flag (state or input row), the key, then the arguments or one state per aggregate.
    let spillWidth: Int
    let groupKeys: GroupKeyTable
    /// Per aggregate, its pair table when its DISTINCT values are kept there.
    let distinctPairs: [DistinctPairs?]
    /// The aggregates as their states are updated: without DISTINCT where the pair tables deduplicate.
    let updates: [BoundAggregate]
    /// No aggregate's state grows with its rows: they are added column at a time.
    let fixedSize: Bool
    /// Per group, one state per aggregate (`addUngroupedBatch` updates the single group's in place).
    var states: [[Accumulator]] = []
    /// Per group, false once moved out to its run.
    private(set) var alive: [Bool] = []
    /// Per group, the bytes freed when it is moved out (its entry, key and states).
    private var groupBytes: [Int] = []
    private(set) var partitions: SpillPartitions?
    /// Without GROUP BY: per aggregate, the sorted runs its collected rows went to when they outgrew the limit
    /// (`AggregationTable+CollectedRuns.swift`), and its result computed from them at the end.
    var collectedRuns: [[SpillRunID]]
    var collectedResults: [Datum?]
    /// Set when a new group did not fit: from then on rows of new groups spill.
    private var closed = false
    static let entryBytes = 64

    var keyWidth: Int { keyTypes.count }
    var groupCount: Int { ungrouped ? 1 : groupKeys.count }

    init(
        aggregates: [BoundAggregate], keyTypes: [SQLType], context: ExecutionContext, depth: Int, ungrouped: Bool,
        hashMask: UInt64 = ~0
    ) throws {
        self.aggregates = aggregates
        self.keyTypes = keyTypes
        self.context = context
        self.depth = depth
        self.ungrouped = ungrouped
        argumentCounts = aggregates.map(\.arguments.count)
        spillWidth = 1 + keyTypes.count + max(argumentCounts.reduce(0, +), aggregates.count)
        reservation = MemoryReservation(context)
        groupKeys = GroupKeyTable(types: keyTypes, hashMask: hashMask)
        distinctPairs = aggregates.map { aggregate in
            guard Self.sharesDistinct(aggregate), let type = aggregate.arguments.first?.type else { return nil }
            return DistinctPairs(valueType: type, hashMask: hashMask)
        }
        updates = zip(aggregates, distinctPairs).map { aggregate, pairs in
            var update = aggregate
            if pairs != nil { update.distinct = false }
            return update
        }
        fixedSize = aggregates.allSatisfy(Self.fixedSize)
        collectedRuns = Array(repeating: [], count: aggregates.count)
        collectedResults = Array(repeating: nil, count: aggregates.count)
        let tables = distinctPairs.reduce(groupKeys.tableBytes) { $0 + ($1?.table.tableBytes ?? 0) }
        try reservation.grow(tables, for: "a hash aggregation")
        if ungrouped {
            let bytes = Self.entryBytes + aggregates.count * MemoryLayout<Accumulator>.stride
            try reservation.grow(bytes, for: "an aggregate")
            states.append(Array(repeating: Accumulator(), count: aggregates.count))
            alive.append(true)
            groupBytes.append(bytes)
        }
    }

    static func sharesDistinct(_ aggregate: BoundAggregate) -> Bool {
        aggregate.distinct && aggregate.ordering.isEmpty && aggregate.function != .arrayAgg
            && !aggregate.arguments.isEmpty
    }

    /// An aggregate whose state never grows: its rows can be added column at a time.
    static func fixedSize(_ aggregate: BoundAggregate) -> Bool {
        guard !aggregate.distinct, !aggregate.usesExtendedState else { return false }
        switch aggregate.function {
        case .countStar, .count, .sum, .avg, .min, .max, .boolAnd, .boolOr: return true
        default: return false
        }
    }

    /// A batch: the group key vectors and each aggregate's argument vectors, `count` rows.
    func add(groups: [Vector], arguments: [[Vector]], count: Int) async throws {
        let ids: [Int32] = try ungrouped ? [Int32](repeating: 0, count: count) : assign(groups, count)
        if fixedSize {
            for row in 0..<count where ids[row] < 0 { try await spill(row, groups, arguments) }
            try addColumns(ids, arguments, count: count)
        } else {
            try await addRows(ids, groups, arguments, count: count)
        }
    }

    /// The group id of every row, inserting new groups while they fit; -1 where the row goes to a run.
    private func assign(_ groups: [Vector], _ count: Int) throws -> [Int32] {
        let batch = try groupKeys.batch(groups, count: count)
        var ids = [Int32](repeating: -1, count: count)
        let stateBytes = aggregates.count * MemoryLayout<Accumulator>.stride
        for row in 0..<count {
            let (found, entry) = groupKeys.find(batch, row)
            if found >= 0 {
                if alive[Int(found)] { ids[row] = found }
                continue
            }
            if closed || partitions != nil { continue }
            let bytes = Self.entryBytes + groupKeys.keyBytes(batch, row) + stateBytes
            let table = groupKeys.growthBytes
            guard reservation.tryGrow(bytes + table) else {
                closed = true
                continue
            }
            ids[row] = groupKeys.insert(batch, row, entry: entry)
            states.append(Array(repeating: Accumulator(), count: aggregates.count))
            alive.append(true)
            groupBytes.append(bytes)
        }
        return ids
    }

    /// Row at a time: a row's growth (new DISTINCT pairs, longer strings, collected rows) is reserved before it
    /// is added; a group that cannot grow is moved out with its state, and its later rows follow it to its run.
    private func addRows(_ ids: [Int32], _ groups: [Vector], _ arguments: [[Vector]], count: Int) async throws {
        var pairBatches: [GroupKeyBatch?] = []
        for (index, pairs) in distinctPairs.enumerated() {
            pairBatches.append(try pairs?.batch(groups: ids, values: arguments[index][0]))
        }
        var newPairs = [Int](repeating: -1, count: aggregates.count)
        var values: [[Datum]?] = Array(repeating: nil, count: aggregates.count)
        for row in 0..<count {
            let id = ids[row]
            guard id >= 0, alive[Int(id)] else {
                try await spill(row, groups, arguments)
                continue
            }
            let group = Int(id)
            var growth = 0
            var pairGrowth = 0
            for (index, aggregate) in aggregates.enumerated() {
                newPairs[index] = -1
                values[index] = nil
                if let pairs = distinctPairs[index], let batch = pairBatches[index] {
                    if aggregate.filtered, arguments[index].last?[row] != .boolean(true) { continue }
                    if batch.columns[1].isNull(row) { continue }
                    let (found, entry) = pairs.table.find(batch, row)
                    if found >= 0 { continue }
                    newPairs[index] = entry
                    let rowArguments = arguments[index].map { $0[row] }
                    values[index] = rowArguments
                    pairGrowth += pairs.bytes(batch, row)
                    growth += Self.growth(states[group][index], updates[index], rowArguments)
                } else if Self.fixedSize(aggregate) {
                    continue
                } else {
                    let rowArguments = arguments[index].map { $0[row] }
                    values[index] = rowArguments
                    growth += Self.growth(states[group][index], aggregate, rowArguments)
                }
            }
            if growth + pairGrowth > 0, !reservation.tryGrow(growth + pairGrowth, spillable: !ungrouped) {
                if ungrouped {
                    // The rows collected so far go to a sorted run; then this row must fit.
                    guard try await spillCollected(), reservation.tryGrow(growth + pairGrowth, spillable: false)
                    else {
                        throw context.outOfMemory(
                            "an aggregate without GROUP BY (its DISTINCT values or string_agg result)")
                    }
                } else {
                    try await evict(group)
                    try await spill(row, groups, arguments)
                    continue
                }
            }
            // A group's pairs stay in their table when it is moved out: only its states' growth is freed then.
            groupBytes[group] += growth
            for (index, aggregate) in aggregates.enumerated() {
                if let pairs = distinctPairs[index] {
                    guard newPairs[index] >= 0, let batch = pairBatches[index], let values = values[index] else {
                        continue
                    }
                    pairs.insert(batch, row, entry: newPairs[index], group: id)
                    try states[group][index].add(updates[index], values)
                } else if aggregate.function == .countStar, !aggregate.filtered {
                    states[group][index].count += 1
                } else {
                    try states[group][index].add(aggregate, values[index] ?? arguments[index].map { $0[row] })
                }
            }
        }
    }

    /// Rows read back from a run of the level above, in their order: input rows in batches, a moved-out group's
    /// state where it comes.
    func addSpilled(_ block: [[Datum]]) async throws {
        var rows: [[Datum]] = []
        for row in block {
            guard row.count == spillWidth else { throw RowCodec.corrupt() }
            if case .boolean(true) = row[0] {
                try await addSpilledRows(rows)
                rows = []
                try await restore(row)
            } else {
                rows.append(row)
            }
        }
        try await addSpilledRows(rows)
    }

    private func addSpilledRows(_ rows: [[Datum]]) async throws {
        guard !rows.isEmpty else { return }
        let groups = (0..<keyWidth).map { column in Vector.datums(rows.map { $0[1 + column] }) }
        var arguments: [[Vector]] = []
        var offset = 1 + keyWidth
        for count in argumentCounts {
            arguments.append((offset..<offset + count).map { column in .datums(rows.map { $0[column] }) })
            offset += count
        }
        try await add(groups: groups, arguments: arguments, count: rows.count)
    }

    /// A moved-out group's state: back in the table when it fits and spilling has not started, else on down.
    private func restore(_ row: [Datum]) async throws {
        let key = Array(row[1..<1 + keyWidth])
        var restored: [Accumulator] = []
        for value in row[(1 + keyWidth)..<(1 + keyWidth + aggregates.count)] {
            guard case let .bytes(bytes) = value else { throw RowCodec.corrupt() }
            restored.append(try AccumulatorCodec.decode(bytes))
        }
        let batch = try groupKeys.batch(key.map { Vector.datums([$0]) }, count: 1)
        let bytes =
            Self.entryBytes + groupKeys.keyBytes(batch, 0) + aggregates.count * MemoryLayout<Accumulator>.stride
            + restored.reduce(0) { $0 + AccumulatorCodec.heapBytes($1) }
        let (found, entry) = groupKeys.find(batch, 0)
        guard !closed, partitions == nil, found < 0, reservation.tryGrow(bytes + groupKeys.growthBytes) else {
            return try await spill(row, key: key)
        }
        let id = groupKeys.insert(batch, 0, entry: entry)
        for (index, pairs) in distinctPairs.enumerated() {
            guard let pairs, let seen = restored[index].seen else { continue }
            // The values move into the pair table; their bytes were reserved with the state's.
            _ = try pairs.insert(seen, group: id)
            restored[index].seen = nil
        }
        states.append(restored)
        alive.append(true)
        groupBytes.append(bytes)
    }

    /// The output row of the group `group`, nil for a group moved out.
    func result(_ group: Int) throws -> [Datum]? {
        guard alive[group] else { return nil }
        let key = ungrouped ? [] : groupKeys.key(group)
        return key
            + (try aggregates.enumerated().map { index, aggregate in
                try collectedResults[index] ?? states[group][index].result(aggregate)
            })
    }

    /// What adding a row would add to a group's heap: a new DISTINCT value, a longer string_agg.
    static func growth(_ state: Accumulator, _ aggregate: BoundAggregate, _ arguments: [Datum]) -> Int {
        if aggregate.function == .countStar { return 0 }
        if aggregate.usesExtendedState { return state.extendedGrowth(aggregate, arguments) }
        guard let value = arguments.first else { return 0 }
        var bytes = 0
        if aggregate.function == .arrayAgg { bytes += RowSize.datum(value) }
        if value.isNull { return bytes }
        if aggregate.distinct {
            if state.seen?.contains(value) == true { return bytes }
            bytes += RowSize.datum(value) + 16
        }
        if aggregate.function == .stringAgg, case let .text(text) = value {
            var separator = 0
            if arguments.count > 1, case let .text(s) = arguments[1] { separator = s.utf8.count }
            bytes += text.utf8.count + separator
        }
        return bytes
    }

    /// Moves a group out of memory: its state (with its DISTINCT values) goes to its run, where its later rows
    /// follow. The group's pairs stay in their tables (their arrays are not compacted), unreachable.
    private func evict(_ group: Int) async throws {
        guard alive[group] else { return }
        var state = states[group]
        for (index, pairs) in distinctPairs.enumerated() {
            guard let pairs else { continue }
            state[index].seen = Set(pairs.values(of: Int32(group)))
        }
        let key = groupKeys.key(group)
        var row: [Datum] = [.boolean(true)]
        row.append(contentsOf: key)
        row.append(contentsOf: state.map { .bytes(AccumulatorCodec.encode($0)) })
        try await spill(row, key: key)
        alive[group] = false
        states[group] = []
        reservation.shrink(groupBytes[group])
        groupBytes[group] = 0
    }

    private func spill(_ row: Int, _ groups: [Vector], _ arguments: [[Vector]]) async throws {
        let key = groups.map { $0[row] }
        var values: [Datum] = [.boolean(false)]
        values.append(contentsOf: key)
        for vectors in arguments { for vector in vectors { values.append(vector[row]) } }
        try await spill(values, key: key)
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
