/// `GROUP BY` with `GROUPING SETS`, `ROLLUP`, `CUBE` (and lists mixing them, expanded as PostgreSQL does: the
/// cross product of the elements' sets) and `GROUPING()`.
///
/// Each grouping set is aggregated on its own and the results are concatenated (UNION ALL), every branch
/// shaped like a plain aggregate over all grouping expressions: the expressions outside the set are NULL, and each
/// `GROUPING(...)` placeholder becomes the set's bit mask (1 for an argument not in the set, first argument
/// highest). The input is read once per set.
extension Binder {
    static let maxGroupingSets = 4096

    /// The grouping sets of a GROUP BY clause as positions in the grouping expressions; `bind` binds one
    /// expression and returns its position (added once).
    static func groupingSets(_ groupBy: GroupBy, _ bind: (Expression) throws -> Int) throws -> [[Int]] {
        func entries(_ expression: Expression) throws -> [Int] {
            if case let .row(items, _) = expression.kind { return try items.map(bind) }
            return [try bind(expression)]
        }
        func expand(_ element: GroupingElement) throws -> [[Int]] {
            switch element {
            case let .expression(expression): return [try entries(expression)]
            case .empty: return [[]]
            case let .rollup(items):
                let parts = try items.map(entries)
                return (0...parts.count).reversed().map { Array(parts.prefix($0).joined()) }
            case let .cube(items):
                guard items.count <= 12 else {
                    throw SQLError(SQLState("54011"), "CUBE is limited to 12 elements")
                }
                let parts = try items.map(entries)
                var sets: [[Int]] = []
                for mask in (0..<(1 << parts.count)).reversed() {
                    sets.append(
                        parts.indices.filter { mask & (1 << (parts.count - 1 - $0)) != 0 }.flatMap { parts[$0] })
                }
                return sets
            case let .groupingSets(elements):
                return try elements.flatMap(expand)
            }
        }
        var sets: [[Int]] = [[]]
        for element in groupBy.elements {
            let expanded = try expand(element)
            guard sets.count * expanded.count <= maxGroupingSets else {
                throw SQLError(.statementTooComplex, "too many grouping sets present (maximum \(maxGroupingSets))")
            }
            sets = sets.flatMap { prefix in expanded.map { prefix + $0 } }
        }
        // A set is a set: each expression once.
        sets = sets.map { set in set.enumerated().filter { set.firstIndex(of: $0.element) == $0.offset }.map(\.element)
        }
        if groupBy.distinct {
            var seen: Set<[Int]> = []
            sets = sets.filter { seen.insert($0.sorted()).inserted }
        }
        return sets
    }

    /// The aggregation of `input` per grouping set, concatenated; output: the grouping expressions, then the
    /// aggregates (GROUPING placeholders included), as `.aggregate` would give for a plain GROUP BY.
    static func planGroupingSets(
        _ input: LogicalPlan, groups: [BoundExpression], sets: [[Int]], aggregates: [BoundAggregate],
        columns: [PlanColumn]
    ) throws -> LogicalPlan {
        var computed: [BoundAggregate] = []
        var slots: [Int?] = []
        for aggregate in aggregates {
            if aggregate.function == .grouping {
                for argument in aggregate.arguments where !groups.contains(argument) {
                    throw SQLError(
                        .groupingError,
                        "arguments to GROUPING must be grouping expressions of the associated query level",
                        position: argument.position.reported)
                }
                slots.append(nil)
            } else {
                slots.append(computed.count)
                computed.append(aggregate)
            }
        }
        var branches: [LogicalPlan] = []
        for set in sets {
            let setGroups = set.map { groups[$0] }
            let aggregated = LogicalPlan(
                .aggregate(input, groups: setGroups, aggregates: computed),
                columns: setGroups.enumerated().map { PlanColumn("group\($0.offset + 1)", $0.element.type) }
                    + computed.map { PlanColumn($0.function.rawValue, $0.type) })
            var expressions: [BoundExpression] = groups.enumerated().map { index, group in
                if let position = set.firstIndex(of: index) {
                    return BoundExpression(.column(position), group.type)
                }
                return BoundExpression(.literal(.null), group.type)
            }
            for (aggregate, slot) in zip(aggregates, slots) {
                if let slot {
                    expressions.append(BoundExpression(.column(set.count + slot), aggregate.type))
                } else {
                    var mask: Int64 = 0
                    for argument in aggregate.arguments {
                        let index = groups.firstIndex(of: argument) ?? 0
                        mask = mask << 1 | (set.contains(index) ? 0 : 1)
                    }
                    expressions.append(BoundExpression(.literal(.int(mask)), .integer))
                }
            }
            branches.append(LogicalPlan(.project(aggregated, expressions), columns: columns))
        }
        guard var plan = branches.first else { throw SQLError(SQLState("XX000"), "no grouping sets") }
        for branch in branches.dropFirst() {
            plan = LogicalPlan(.setOperation(.union, all: true, plan, branch), columns: columns)
        }
        return plan
    }
}
