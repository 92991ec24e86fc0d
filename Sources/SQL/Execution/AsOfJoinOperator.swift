/// `ASOF [LEFT] JOIN` (see `Binder+AsOf.swift`): the right input is read whole into per-key lists sorted by its
/// inequality operand (its memory is reserved; a right side over the limit fails with `53200`, it does not
/// spill); each left row then takes the nearest right row of its key for which the inequality holds, found by
/// binary search. NULL keys and NULL inequality operands never match. Of right rows tied on the operand, `>=` and
/// `>` take the last one read and `<=` and `<` the first one.
final class AsOfJoinOperator: PhysicalOperator {
    let left: any PhysicalOperator
    let right: any PhysicalOperator
    let leftOuter: Bool
    let keys: [(BoundExpression, BoundExpression)]
    let function: ScalarFunction
    let leftOperand: BoundExpression
    let rightOperand: BoundExpression
    let leftWidth: Int
    let rightWidth: Int
    let context: ExecutionContext
    let reservation: MemoryReservation
    private var groups: [RowKey: [(value: Datum, row: [Datum])]]?

    init(
        left: any PhysicalOperator, right: any PhysicalOperator, leftOuter: Bool,
        keys: [(BoundExpression, BoundExpression)], inequality: BoundExpression?, leftWidth: Int, rightWidth: Int,
        context: ExecutionContext
    ) throws {
        guard let inequality, case let .function(function, operands) = inequality.kind, operands.count == 2 else {
            throw SQLError(SQLState("XX000"), "ASOF JOIN planned without its inequality")
        }
        self.left = left
        self.right = right
        self.leftOuter = leftOuter
        self.keys = keys
        self.function = function
        leftOperand = operands[0]
        rightOperand = try Binder.shift(operands[1], by: -leftWidth)
        self.leftWidth = leftWidth
        self.rightWidth = rightWidth
        self.context = context
        reservation = MemoryReservation(context)
    }

    func next() async throws -> Chunk? {
        let groups = try await built()
        while let chunk = try await left.next() {
            try context.checkCancellation()
            let keyColumns = try keys.map { try Evaluator.evaluate($0.0, chunk) }
            let values = try Evaluator.evaluate(leftOperand, chunk)
            var rows: [[Datum]] = []
            rows.reserveCapacity(chunk.count)
            for index in 0..<chunk.count {
                var match: [Datum]?
                let key = keyColumns.map { $0[index] }
                if !values[index].isNull, !key.contains(where: \.isNull), let list = groups[RowKey(values: key)] {
                    match = Self.nearest(in: list, to: values[index], function)
                }
                if let match {
                    rows.append(chunk.row(index) + match)
                } else if leftOuter {
                    rows.append(chunk.row(index) + Array(repeating: .null, count: rightWidth))
                }
            }
            if !rows.isEmpty { return Chunk.fromRows(rows, width: leftWidth + rightWidth) }
        }
        self.groups = nil
        reservation.free()
        return nil
    }

    private func built() async throws -> [RowKey: [(value: Datum, row: [Datum])]] {
        if let groups { return groups }
        var lists: [RowKey: [(value: Datum, row: [Datum])]] = [:]
        while let chunk = try await right.next() {
            try context.checkCancellation()
            let keyColumns = try keys.map { try Evaluator.evaluate($0.1, chunk) }
            let values = try Evaluator.evaluate(rightOperand, chunk)
            for index in 0..<chunk.count where !values[index].isNull {
                let key = keyColumns.map { $0[index] }
                if key.contains(where: \.isNull) { continue }
                let row = chunk.row(index)
                try reservation.grow(
                    RowSize.row(row) + RowSize.row(key) + RowSize.datum(values[index]) + 48,
                    for: "the right side of an ASOF JOIN")
                lists[RowKey(values: key), default: []].append((values[index], row))
            }
            await Task.yield()
        }
        for key in lists.keys {
            // Stable, so that ties keep the order they were read in.
            lists[key] = lists[key]?.enumerated().sorted { a, b in
                let order = Compare.order(a.element.value, b.element.value)
                return order != 0 ? order < 0 : a.offset < b.offset
            }.map(\.element)
        }
        groups = lists
        return lists
    }

    /// The right row nearest to `value` in `list` (sorted ascending) for which `value <function> right` holds.
    static func nearest(in list: [(value: Datum, row: [Datum])], to value: Datum, _ function: ScalarFunction)
        -> [Datum]?
    {
        // The first index whose operand is > value (`upper`) or >= value (`lower`).
        func boundary(_ strictlyGreater: Bool) -> Int {
            var low = 0
            var high = list.count
            while low < high {
                let middle = (low + high) / 2
                let order = Compare.order(list[middle].value, value)
                if order < 0 || (strictlyGreater && order == 0) { low = middle + 1 } else { high = middle }
            }
            return low
        }
        switch function {
        case .greaterOrEqual:
            let index = boundary(true) - 1
            return index >= 0 ? list[index].row : nil
        case .greater:
            let index = boundary(false) - 1
            return index >= 0 ? list[index].row : nil
        case .lessOrEqual:
            let index = boundary(false)
            return index < list.count ? list[index].row : nil
        default:
            let index = boundary(true)
            return index < list.count ? list[index].row : nil
        }
    }
}
