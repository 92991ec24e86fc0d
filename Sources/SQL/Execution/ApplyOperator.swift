/// A correlated subquery that could not be decorrelated: run for each distinct value of its parameters (cached),
/// its result appended to the input row as a column.
final class ApplyOperator: PhysicalOperator {
    let input: any PhysicalOperator
    let reference: SubqueryReference
    let operands: [BoundExpression]
    let parameters: [BoundExpression]
    var cache: [RowKey: SubqueryResult] = [:]

    /// Distinct parameter values kept; beyond it the cache starts over (memory stays bounded).
    static let cacheLimit = 4096

    init(
        _ input: any PhysicalOperator, _ reference: SubqueryReference, operands: [BoundExpression],
        parameters: [BoundExpression]
    ) {
        self.input = input
        self.reference = reference
        self.operands = operands
        self.parameters = parameters
    }

    func next() async throws -> Chunk? {
        guard let chunk = try await input.next() else { return nil }
        let parameterColumns = try parameters.map { try Evaluator.evaluate($0, chunk) }
        let operandColumns = try operands.map { try Evaluator.evaluate($0, chunk) }
        let types = parameters.map(\.type)
        var values: [Datum] = []
        values.reserveCapacity(chunk.count)
        for row in 0..<chunk.count {
            try Task.checkCancellation()
            let key = RowKey(values: parameterColumns.map { $0[row] })
            let result: SubqueryResult
            if let cached = cache[key] {
                result = cached
            } else {
                result = try await SubqueryRunner.result(reference, values: key.values, types: types)
                if cache.count >= ApplyOperator.cacheLimit { cache.removeAll() }
                cache[key] = result
            }
            values.append(try result.value(operands: operandColumns.map { $0[row] }))
        }
        return Chunk(columns: chunk.columns + [values], count: chunk.count)
    }
}

/// `LATERAL`: the right plan run for each distinct value of the parameters (over the left row, cached), each of
/// its rows joined to the left row; a LEFT join keeps left rows without a match, padded with NULLs.
final class LateralJoinOperator: PhysicalOperator {
    let left: any PhysicalOperator
    let right: LogicalPlan
    let parameters: [BoundExpression]
    let leftOuter: Bool
    let condition: BoundExpression?
    var cache: [RowKey: [[Datum]]] = [:]

    init(
        left: any PhysicalOperator, right: LogicalPlan, parameters: [BoundExpression], leftOuter: Bool,
        condition: BoundExpression?
    ) {
        self.left = left
        self.right = right
        self.parameters = parameters
        self.leftOuter = leftOuter
        self.condition = condition
    }

    func next() async throws -> Chunk? {
        let width = right.columns.count
        while let chunk = try await left.next() {
            let parameterColumns = try parameters.map { try Evaluator.evaluate($0, chunk) }
            var output: [[Datum]] = []
            for row in 0..<chunk.count {
                try Task.checkCancellation()
                let key = RowKey(values: parameterColumns.map { $0[row] })
                let rows: [[Datum]]
                if let cached = cache[key] {
                    rows = cached
                } else {
                    let literals = zip(key.values, parameters).map { BoundExpression(.literal($0), $1.type) }
                    rows = try await SubqueryRunner.rows(right.substitutingParameters(literals))
                    if cache.count >= ApplyOperator.cacheLimit { cache.removeAll() }
                    cache[key] = rows
                }
                let leftRow = chunk.row(row)
                var matched = false
                for rightRow in rows {
                    let joined = leftRow + rightRow
                    if let condition {
                        let single = Chunk.fromRows([joined], width: joined.count)
                        guard case .boolean(true) = try Evaluator.value(condition, single, 0) else { continue }
                    }
                    matched = true
                    output.append(joined)
                }
                if !matched, leftOuter { output.append(leftRow + [Datum](repeating: .null, count: width)) }
            }
            if !output.isEmpty { return Chunk.fromRows(output, width: chunk.columns.count + width) }
        }
        return nil
    }
}
