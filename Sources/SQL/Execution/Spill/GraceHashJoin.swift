/// Inner, left, right, full and cross joins within the memory limit (a grace hash join).
///
/// The right input is the build side, hashed on the equi-keys (NULL keys never match) while its reservation
/// fits; the left input then streams past it with the residual `ON` condition evaluated per candidate, and
/// unmatched rows are padded with NULLs as `JoinOperator` does. When the build side outgrows the limit, both sides
/// are split into `fanOut` spill runs by key hash and each pair of runs is joined the same way with the next
/// level's seed. Without equi-keys (a nested loop) the build side cannot be split and outgrowing the limit fails
/// with `53200`, as does a single key whose rows exceed the limit `maxSpillDepth` levels down.
final class GraceHashJoinOperator: PhysicalOperator {
    let left: any PhysicalOperator
    let right: any PhysicalOperator
    let kind: LogicalPlan.JoinKind
    let keys: [(BoundExpression, BoundExpression)]
    let residual: BoundExpression?
    let leftWidth: Int
    let rightWidth: Int
    let context: ExecutionContext
    private var tasks: [JoinTask] = []
    private var started = false

    init(
        left: any PhysicalOperator, right: any PhysicalOperator, kind: LogicalPlan.JoinKind,
        keys: [(BoundExpression, BoundExpression)], residual: BoundExpression?, leftWidth: Int, rightWidth: Int,
        context: ExecutionContext
    ) {
        self.left = left
        self.right = right
        self.kind = kind
        self.keys = keys
        self.residual = residual
        self.leftWidth = leftWidth
        self.rightWidth = rightWidth
        self.context = context
    }

    /// The join kinds this operator implements.
    var padsLeft: Bool { kind == .left || kind == .full }
    var padsRight: Bool { kind == .right || kind == .full }

    func next() async throws -> Chunk? {
        if !started {
            started = true
            tasks.append(
                JoinTask(
                    build: KeyedRows(right, keys.map(\.1)), probe: KeyedRows(left, keys.map(\.0)), depth: 0,
                    context: context))
        }
        while let task = tasks.last {
            try context.checkCancellation()
            if let rows = try await task.step(self) {
                if !rows.isEmpty { return Chunk.fromRows(rows, width: leftWidth + rightWidth) }
            } else {
                tasks.removeLast()
                tasks.append(contentsOf: task.children)
            }
        }
        return nil
    }
}

/// Rows with their join key values, from an operator (keys evaluated) or a spill run (keys stored in front).
final class KeyedRows {
    private let input: (any PhysicalOperator)?
    private let expressions: [BoundExpression]
    private let reader: SpillRunReader?

    init(_ input: any PhysicalOperator, _ expressions: [BoundExpression]) {
        self.input = input
        self.expressions = expressions
        reader = nil
    }

    init(_ reader: SpillRunReader?, keyCount: Int) {
        input = nil
        expressions = []
        self.reader = reader
        keyCountStored = keyCount
    }

    private var keyCountStored = 0

    func next() async throws -> [(key: [Datum], row: [Datum])]? {
        if let input {
            guard let chunk = try await input.next() else { return nil }
            let keyColumns = try expressions.map { try Evaluator.evaluate($0, chunk) }
            return (0..<chunk.count).map { row in (keyColumns.map { $0[row] }, chunk.row(row)) }
        }
        guard let block = try await reader?.nextBlock() else { return nil }
        let split = keyCountStored
        return block.map { (Array($0[..<split]), Array($0[split...])) }
    }
}

/// One level of a grace hash join: a build side and a probe side, joined in memory or split into runs.
final class JoinTask {
    let build: KeyedRows
    let probe: KeyedRows
    let depth: Int
    let context: ExecutionContext
    let reservation: MemoryReservation
    private(set) var children: [JoinTask] = []
    private enum Phase { case building, probing, unmatched, done }
    private var phase = Phase.building
    private var buildKeys: [[Datum]] = []
    private var buildRows: [[Datum]] = []
    private var table: [RowKey: [Int]] = [:]
    private var matched: [Bool] = []

    init(build: KeyedRows, probe: KeyedRows, depth: Int, context: ExecutionContext) {
        self.build = build
        self.probe = probe
        self.depth = depth
        self.context = context
        reservation = MemoryReservation(context)
    }

    /// Advances one step: rows to emit (maybe none), or nil when this level is done.
    func step(_ join: GraceHashJoinOperator) async throws -> [[Datum]]? {
        switch phase {
        case .building:
            if let partitions = try await buildTable(join) {
                try await split(join, partitions)
                phase = .done
            } else {
                phase = .probing
            }
            return []
        case .probing:
            guard let batch = try await probe.next() else {
                phase = .unmatched
                return []
            }
            return try probeRows(join, batch)
        case .unmatched:
            phase = .done
            defer { release() }
            guard join.padsRight else { return [] }
            let nullLeft = [Datum](repeating: .null, count: join.leftWidth)
            return buildRows.indices.filter { !matched[$0] }.map { nullLeft + buildRows[$0] }
        case .done:
            release()
            return nil
        }
    }

    private func release() {
        (buildKeys, buildRows, table, matched) = ([], [], [:], [])
        reservation.free()
    }

    /// Builds the hash table; returns the build partitions instead when it does not fit.
    private func buildTable(_ join: GraceHashJoinOperator) async throws -> SpillPartitions? {
        var partitions: SpillPartitions?
        while let batch = try await build.next() {
            try context.checkCancellation()
            for (key, row) in batch {
                if let partitions {
                    try await partitions.append(key + row, key: key)
                    continue
                }
                if reservation.tryGrow(RowSize.row(key) + RowSize.row(row) + 24) {
                    if !key.contains(where: \.isNull) {
                        table[RowKey(values: key), default: []].append(buildRows.count)
                    }
                    buildKeys.append(key)
                    buildRows.append(row)
                    continue
                }
                guard context.canSpill, !join.keys.isEmpty else {
                    throw context.outOfMemory(
                        join.keys.isEmpty ? "a join without equality keys (nested loop)" : "a hash join")
                }
                guard depth < context.maxSpillDepth else {
                    throw context.outOfMemory("the rows of a single key of a hash join's build side")
                }
                let created = SpillPartitions(context, width: join.keys.count + join.rightWidth, seed: depth + 1)
                for (index, buildKey) in buildKeys.enumerated() {
                    try await created.append(buildKey + buildRows[index], key: buildKey)
                }
                release()
                try await created.append(key + row, key: key)
                partitions = created
            }
        }
        matched = Array(repeating: false, count: buildRows.count)
        return partitions
    }

    /// Splits the probe side like the build side and queues the pairs of runs as the next level.
    private func split(_ join: GraceHashJoinOperator, _ buildPartitions: SpillPartitions) async throws {
        let probePartitions = SpillPartitions(
            context, width: join.keys.count + join.leftWidth, seed: buildPartitions.seed)
        while let batch = try await probe.next() {
            try context.checkCancellation()
            for (key, row) in batch { try await probePartitions.append(key + row, key: key) }
        }
        let buildRuns = try await buildPartitions.finish()
        let probeRuns = try await probePartitions.finish()
        for (buildRun, probeRun) in zip(buildRuns, probeRuns) {
            let needed =
                (buildRun != nil && probeRun != nil) || (buildRun != nil && join.padsRight)
                || (probeRun != nil && join.padsLeft)
            guard needed else {
                for run in [buildRun, probeRun].compactMap({ $0 }) { try await context.delete(run) }
                continue
            }
            children.append(
                JoinTask(
                    build: KeyedRows(buildRun.map { SpillRunReader(context, $0) }, keyCount: join.keys.count),
                    probe: KeyedRows(probeRun.map { SpillRunReader(context, $0) }, keyCount: join.keys.count),
                    depth: depth + 1, context: context))
        }
    }

    private func probeRows(_ join: GraceHashJoinOperator, _ batch: [(key: [Datum], row: [Datum])]) throws
        -> [[Datum]]
    {
        var output: [[Datum]] = []
        let nullRight = [Datum](repeating: .null, count: join.rightWidth)
        for (key, leftRow) in batch {
            let candidates: [Int]
            if join.keys.isEmpty {
                candidates = Array(buildRows.indices)
            } else {
                candidates = key.contains(where: \.isNull) ? [] : table[RowKey(values: key)] ?? []
            }
            var found = false
            for candidate in candidates {
                let joined = leftRow + buildRows[candidate]
                if let residual = join.residual {
                    let single = Chunk.fromRows([joined], width: joined.count)
                    guard case .boolean(true) = try Evaluator.value(residual, single, 0) else { continue }
                }
                found = true
                matched[candidate] = true
                output.append(joined)
            }
            if !found, join.padsLeft { output.append(leftRow + nullRight) }
        }
        return output
    }
}
