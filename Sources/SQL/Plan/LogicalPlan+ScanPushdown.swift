/// Pushes what a plan needs from each table into its scan: only the columns the operators above read
/// (projection), and the conjuncts of a filter directly above the scan as pruning hints (`ScanRequest.filters`).
///
/// The scan's output keeps its positions: a scan that reads fewer columns is wrapped in a projection that
/// puts each read column back at its position and a typed NULL at each unread one, so no expression above
/// changes. Node kinds this pass does not know are left as they are (their inputs read every column).
extension LogicalPlan {
    /// This plan with projections and filter hints pushed into its scans.
    public func pushingIntoScans() -> LogicalPlan {
        pushed(required: nil, hints: [])
    }

    /// `required`: the output columns the parent reads (nil: all); `hints`: conjuncts over this node's output
    /// that a scan may use to skip data.
    private func pushed(required: Set<Int>?, hints: [BoundExpression]) -> LogicalPlan {
        var copy = self
        if case let .scan(table, columns, filters) = node {
            return LogicalPlan.narrowScan(
                table: table, columns: columns, filters: filters + hints, required: required, output: self.columns)
        }
        if case let .filter(input, predicate) = node {
            let needed = required.map { $0.union(predicate.columnReferences) }
            copy.node = .filter(input.pushed(required: needed, hints: hints + predicate.conjuncts), predicate)
            return copy
        }
        if case let .project(input, expressions) = node {
            let needed = expressions.reduce(into: Set<Int>()) { $0.formUnion($1.columnReferences) }
            copy.node = .project(input.pushed(required: needed, hints: []), expressions)
            return copy
        }
        if case let .aggregate(input, groups, aggregates) = node {
            var needed = groups.reduce(into: Set<Int>()) { $0.formUnion($1.columnReferences) }
            // Every expression an aggregate holds (arguments, and whatever clauses it grows) counts.
            for aggregate in aggregates { needed.formUnion(BoundExpression.references(in: aggregate)) }
            copy.node = .aggregate(input.pushed(required: needed, hints: []), groups: groups, aggregates: aggregates)
            return copy
        }
        if case let .sort(input, keys) = node {
            let needed = required.map { keys.reduce(into: $0) { $0.formUnion($1.expression.columnReferences) } }
            copy.node = .sort(input.pushed(required: needed, hints: hints), keys)
            return copy
        }
        if case let .window(input, functions) = node {
            // Output: the input's columns, then one per function; filters above a window stay above it.
            let width = input.columns.count
            let needed = required.map { wanted in
                functions.reduce(into: Set(wanted.filter { $0 < width })) { needed, function in
                    for expression in function.expressions { needed.formUnion(expression.columnReferences) }
                }
            }
            copy.node = .window(input.pushed(required: needed, hints: []), functions)
            return copy
        }
        if case let .tableFunction(input, calls, ordinality, leftJoin) = node {
            // Output: the input's columns, then the calls' columns.
            let width = input.columns.count
            let needed = required.map { wanted in
                calls.reduce(into: Set(wanted.filter { $0 < width })) { needed, call in
                    for argument in call.arguments { needed.formUnion(argument.columnReferences) }
                }.union(leftJoin.map { $0.columnReferences.filter { $0 < width } } ?? [])
            }
            copy.node = .tableFunction(
                input.pushed(required: needed, hints: []), calls, ordinality: ordinality, leftJoin: leftJoin)
            return copy
        }
        if case let .limit(input, limit, offset) = node {
            copy.node = .limit(input.pushed(required: required, hints: []), limit: limit, offset: offset)
            return copy
        }
        if case let .distinctOn(input, keys) = node {
            let needed = required.map { keys.reduce(into: $0) { $0.formUnion($1.columnReferences) } }
            copy.node = .distinctOn(input.pushed(required: needed, hints: []), keys: keys)
            return copy
        }
        if case let .limitWithTies(input, limit, offset, keys) = node {
            let needed = required.map { keys.reduce(into: $0) { $0.formUnion($1.columnReferences) } }
            copy.node = .limitWithTies(
                input.pushed(required: needed, hints: []), limit: limit, offset: offset, keys: keys)
            return copy
        }
        if case let .distinct(input) = node {
            copy.node = .distinct(input.pushed(required: nil, hints: []))
            return copy
        }
        if case let .setOperation(op, all, left, right) = node {
            copy.node = .setOperation(
                op, all: all, left.pushed(required: nil, hints: []), right.pushed(required: nil, hints: []))
            return copy
        }
        if case let .join(left, right, kind, keys, residual) = node {
            let width = left.columns.count
            var leftNeeded: Set<Int>? = nil
            var rightNeeded: Set<Int>? = nil
            if let required {
                var joined = required
                if let residual { joined.formUnion(residual.columnReferences) }
                var l = Set(joined.filter { $0 < width })
                var r = Set(joined.filter { $0 >= width }.map { $0 - width })
                for (lk, rk) in keys {
                    l.formUnion(lk.columnReferences)
                    r.formUnion(rk.columnReferences)
                }
                leftNeeded = l
                rightNeeded = r
            }
            copy.node = .join(
                left.pushed(required: leftNeeded, hints: []), right.pushed(required: rightNeeded, hints: []),
                kind: kind, equiKeys: keys, residual: residual)
            return copy
        }
        return self
    }

    private static func narrowScan(
        table: any TableProvider, columns: [Int], filters: [BoundExpression], required: Set<Int>?,
        output: [PlanColumn]
    ) -> LogicalPlan {
        var keep = required.map { Set($0.filter { $0 < columns.count }) } ?? Set(columns.indices)
        for filter in filters { keep.formUnion(filter.columnReferences.filter { $0 < columns.count }) }
        if keep.isEmpty, !columns.isEmpty {
            // A batch needs a column to carry its row count: read the cheapest one.
            keep = [cheapestColumn(output)]
        }
        let kept = keep.sorted()
        var position: [Int: Int] = [:]
        for (index, column) in kept.enumerated() { position[column] = index }
        let remapped = filters.compactMap { filter -> BoundExpression? in
            filter.remappingColumns { position[$0] }
        }
        let scan = LogicalPlan(
            .scan(table: table, columns: kept.map { columns[$0] }, filters: remapped),
            columns: kept.map { output[$0] })
        if kept.count == columns.count { return scan }
        let expressions = output.indices.map { index -> BoundExpression in
            if let at = position[index] { return BoundExpression(.column(at), output[index].type) }
            return BoundExpression(.literal(.null), output[index].type)
        }
        return LogicalPlan(.project(scan, expressions), columns: output)
    }

    private static func cheapestColumn(_ columns: [PlanColumn]) -> Int {
        func cost(_ type: SQLType) -> Int {
            switch type {
            case .boolean: return 1
            case .integer, .date, .real: return 4
            case .bigint, .double, .timestamp: return 8
            case .numeric: return 16
            case .text, .bytea, .unknown: return 32
            default: return 64
            }
        }
        return columns.indices.min { cost(columns[$0].type) < cost(columns[$1].type) } ?? 0
    }
}

extension BoundExpression {
    /// The input columns this expression reads.
    var columnReferences: Set<Int> {
        var out = Set<Int>()
        func visit(_ expression: BoundExpression) {
            if case let .column(index) = expression.kind { out.insert(index) }
            for child in expression.children { visit(child) }
        }
        visit(self)
        return out
    }

    /// The columns read by every bound expression inside `value` (found by reflection, so fields added to
    /// a value later are not missed).
    static func references(in value: Any) -> Set<Int> {
        if let expression = value as? BoundExpression { return expression.columnReferences }
        var out = Set<Int>()
        for child in Mirror(reflecting: value).children { out.formUnion(references(in: child.value)) }
        return out
    }

    /// The top-level AND's operands (flattened), or the expression itself.
    var conjuncts: [BoundExpression] {
        if case let .and(parts) = kind { return parts.flatMap(\.conjuncts) }
        return [self]
    }

    /// This expression with column `i` renamed to `map(i)`; nil when a column has no new position.
    func remappingColumns(_ map: (Int) -> Int?) -> BoundExpression? {
        if case let .column(index) = kind {
            guard let to = map(index) else { return nil }
            var copy = self
            copy.kind = .column(to)
            return copy
        }
        var failed = false
        let mapped = mapChildren { child in
            if failed { return child }
            guard let remapped = child.remappingColumns(map) else {
                failed = true
                return child
            }
            return remapped
        }
        return failed ? nil : mapped
    }
}
