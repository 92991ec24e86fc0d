/// INTERSECT [ALL] and EXCEPT [ALL] within the memory limit. The right input is counted in a hash table while its
/// reservation fits, then the left input streams past it: with ALL, each left row uses up one right copy
/// (INTERSECT ALL keeps min(m, n) copies, EXCEPT ALL max(m - n, 0)); without ALL, left rows found (INTERSECT) or
/// not found (EXCEPT) pass, and the planner deduplicates them with `HybridDistinctOperator`. When the counts do not
/// fit, both inputs are split into `fanOut` spill runs by row hash and each pair is processed the same way.
final class HashSetOperationOperator: PhysicalOperator {
    let op: SetOperation.Operator
    let all: Bool
    let width: Int
    let context: ExecutionContext
    private var tasks: [SetOperationTask] = []

    init(
        _ op: SetOperation.Operator, all: Bool, _ left: any PhysicalOperator, _ right: any PhysicalOperator, width: Int,
        context: ExecutionContext
    ) {
        self.op = op
        self.all = all
        self.width = width
        self.context = context
        tasks = [SetOperationTask(build: .init(right), probe: .init(left), depth: 0, context: context)]
    }

    func next() async throws -> Chunk? {
        while let task = tasks.last {
            try context.checkCancellation()
            if let rows = try await task.step(self) {
                if !rows.isEmpty { return Chunk.fromRows(rows, width: width) }
            } else {
                tasks.removeLast()
                tasks.append(contentsOf: task.children)
            }
        }
        return nil
    }
}

/// Rows from an operator or a spill run (a right-side run keeps each row's count in front).
final class SetOperationRows {
    private let input: (any PhysicalOperator)?
    private let reader: SpillRunReader?

    init(_ input: any PhysicalOperator) {
        self.input = input
        reader = nil
    }

    init(_ reader: SpillRunReader?) {
        input = nil
        self.reader = reader
    }

    func next() async throws -> [[Datum]]? {
        if let input {
            guard let chunk = try await input.next() else { return nil }
            return (0..<chunk.count).map { chunk.row($0) }
        }
        return try await reader?.nextBlock()
    }

    var isSpilled: Bool { input == nil }
}

final class SetOperationTask {
    let build: SetOperationRows
    let probe: SetOperationRows
    let depth: Int
    let context: ExecutionContext
    let reservation: MemoryReservation
    private(set) var children: [SetOperationTask] = []
    private var counts: [RowKey: Int] = [:]
    private var built = false

    init(build: SetOperationRows, probe: SetOperationRows, depth: Int, context: ExecutionContext) {
        self.build = build
        self.probe = probe
        self.depth = depth
        self.context = context
        reservation = MemoryReservation(context)
    }

    func step(_ operation: HashSetOperationOperator) async throws -> [[Datum]]? {
        if !built {
            built = true
            if let partitions = try await count(operation) {
                try await split(operation, partitions)
                finish()
                return nil
            }
            return []
        }
        guard let rows = try await probe.next() else {
            finish()
            return nil
        }
        var output: [[Datum]] = []
        for row in rows {
            let key = RowKey(values: row)
            let available = counts[key] ?? 0
            switch (operation.op, operation.all) {
            case (.intersect, true):
                if available > 0 {
                    counts[key] = available - 1
                    output.append(row)
                }
            case (.intersect, false): if available > 0 { output.append(row) }
            case (.except, true):
                if available > 0 { counts[key] = available - 1 } else { output.append(row) }
            case (.except, false): if available == 0 { output.append(row) }
            case (.union, _): output.append(row)
            }
        }
        return output
    }

    private func finish() {
        counts = [:]
        reservation.free()
    }

    /// Counts the right side; returns its partitions instead when the counts do not fit.
    private func count(_ operation: HashSetOperationOperator) async throws -> SpillPartitions? {
        var partitions: SpillPartitions?
        while let rows = try await build.next() {
            try context.checkCancellation()
            for stored in rows {
                var copies = 1
                var row = stored
                if build.isSpilled, case let .int(n) = stored.first {
                    copies = Int(n)
                    row = Array(stored.dropFirst())
                }
                let key = RowKey(values: row)
                if let partitions {
                    try await partitions.append([.int(Int64(copies))] + row, key: row)
                } else if let existing = counts[key] {
                    counts[key] = existing + copies
                } else if reservation.tryGrow(RowSize.row(row) + 24) {
                    counts[key] = copies
                } else {
                    guard context.canSpill else { throw context.outOfMemory("INTERSECT or EXCEPT") }
                    guard depth < context.maxSpillDepth else {
                        throw context.outOfMemory("a single row of INTERSECT or EXCEPT")
                    }
                    let created = SpillPartitions(context, width: operation.width + 1, seed: depth + 1)
                    for (existing, n) in counts {
                        try await created.append([.int(Int64(n))] + existing.values, key: existing.values)
                    }
                    finish()
                    try await created.append([.int(Int64(copies))] + row, key: row)
                    partitions = created
                }
            }
        }
        return partitions
    }

    private func split(_ operation: HashSetOperationOperator, _ buildPartitions: SpillPartitions) async throws {
        let probePartitions = SpillPartitions(context, width: operation.width, seed: buildPartitions.seed)
        while let rows = try await probe.next() {
            try context.checkCancellation()
            for row in rows { try await probePartitions.append(row, key: row) }
        }
        let buildRuns = try await buildPartitions.finish()
        let probeRuns = try await probePartitions.finish()
        for (buildRun, probeRun) in zip(buildRuns, probeRuns) {
            guard let probeRun else {
                if let buildRun { try await context.delete(buildRun) }
                continue
            }
            children.append(
                SetOperationTask(
                    build: SetOperationRows(buildRun.map { SpillRunReader(context, $0) }),
                    probe: SetOperationRows(SpillRunReader(context, probeRun)), depth: depth + 1, context: context))
        }
    }
}
