/// Hash join on equi-keys (build on the right input; NULL keys never match) with a residual filter over the
/// joined row; without keys, a nested loop. Left, right and full joins pad the unmatched side with NULLs.
final class JoinOperator: PhysicalOperator {
    let left: any PhysicalOperator
    let right: any PhysicalOperator
    let kind: LogicalPlan.JoinKind
    let keys: [(BoundExpression, BoundExpression)]
    let residual: BoundExpression?
    let leftWidth: Int
    let rightWidth: Int
    var done = false

    init(
        left: any PhysicalOperator, right: any PhysicalOperator, kind: LogicalPlan.JoinKind,
        keys: [(BoundExpression, BoundExpression)], residual: BoundExpression?, leftWidth: Int, rightWidth: Int
    ) {
        self.left = left
        self.right = right
        self.kind = kind
        self.keys = keys
        self.residual = residual
        self.leftWidth = leftWidth
        self.rightWidth = rightWidth
    }

    func next() async throws -> Chunk? {
        guard !done else { return nil }
        done = true
        // Build side.
        var buildRows: [[Datum]] = []
        var table: [RowKey: [Int]] = [:]
        for chunk in try await right.drain() {
            let keyColumns = try keys.map { try Evaluator.evaluate($0.1, chunk) }
            for row in 0..<chunk.count {
                let key = keyColumns.map { $0[row] }
                let index = buildRows.count
                buildRows.append(chunk.row(row))
                if !key.contains(where: \.isNull) { table[RowKey(values: key), default: []].append(index) }
            }
        }
        var matchedBuild = [Bool](repeating: false, count: buildRows.count)
        var output: [[Datum]] = []
        let nullRight = [Datum](repeating: .null, count: rightWidth)
        let nullLeft = [Datum](repeating: .null, count: leftWidth)
        while let chunk = try await left.next() {
            try Task.checkCancellation()
            let keyColumns = try keys.map { try Evaluator.evaluate($0.0, chunk) }
            for row in 0..<chunk.count {
                let leftRow = chunk.row(row)
                let candidates: [Int]
                if keys.isEmpty {
                    candidates = Array(buildRows.indices)
                } else {
                    let key = keyColumns.map { $0[row] }
                    candidates = key.contains(where: \.isNull) ? [] : table[RowKey(values: key)] ?? []
                }
                var matched = false
                for candidate in candidates {
                    let joined = leftRow + buildRows[candidate]
                    if let residual {
                        let single = Chunk.fromRows([joined], width: joined.count)
                        guard case .boolean(true) = try Evaluator.value(residual, single, 0) else { continue }
                    }
                    matched = true
                    matchedBuild[candidate] = true
                    output.append(joined)
                }
                if !matched, kind == .left || kind == .full { output.append(leftRow + nullRight) }
            }
        }
        if kind == .right || kind == .full {
            for (index, row) in buildRows.enumerated() where !matchedBuild[index] { output.append(nullLeft + row) }
        }
        return Chunk.fromRows(output, width: leftWidth + rightWidth)
    }
}

/// UNION / INTERSECT / EXCEPT with set semantics, or bag semantics for ALL (PostgreSQL: INTERSECT ALL keeps
/// min(m, n) copies, EXCEPT ALL max(m - n, 0)).
final class SetOperationOperator: PhysicalOperator {
    let op: SetOperation.Operator
    let all: Bool
    let left: any PhysicalOperator
    let right: any PhysicalOperator
    let width: Int
    var done = false

    init(
        _ op: SetOperation.Operator, all: Bool, _ left: any PhysicalOperator, _ right: any PhysicalOperator, width: Int
    ) {
        self.op = op
        self.all = all
        self.left = left
        self.right = right
        self.width = width
    }

    func next() async throws -> Chunk? {
        guard !done else { return nil }
        done = true
        let leftRows = try await left.drainRows()
        let rightRows = try await right.drainRows()
        var output: [[Datum]] = []
        switch op {
        case .union:
            if all { return Chunk.fromRows(leftRows + rightRows, width: width) }
            var seen = Set<RowKey>()
            for row in leftRows + rightRows where seen.insert(RowKey(values: row)).inserted { output.append(row) }
        case .intersect, .except:
            var counts: [RowKey: Int] = [:]
            for row in rightRows { counts[RowKey(values: row), default: 0] += 1 }
            var emitted = Set<RowKey>()
            for row in leftRows {
                let key = RowKey(values: row)
                let available = counts[key] ?? 0
                if op == .intersect {
                    if all {
                        if available > 0 {
                            counts[key] = available - 1
                            output.append(row)
                        }
                    } else if available > 0, emitted.insert(key).inserted {
                        output.append(row)
                    }
                } else {
                    if all {
                        if available > 0 { counts[key] = available - 1 } else { output.append(row) }
                    } else if available == 0, emitted.insert(key).inserted {
                        output.append(row)
                    }
                }
            }
        }
        return Chunk.fromRows(output, width: width)
    }
}
