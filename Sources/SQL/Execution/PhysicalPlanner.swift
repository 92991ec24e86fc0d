/// Turns a logical plan into a tree of physical operators.
enum PhysicalPlanner {
    static func build(_ plan: LogicalPlan) throws -> any PhysicalOperator {
        switch plan.node {
        case let .scan(table, columns, filters):
            return ScanOperator(
                table: table, request: ScanRequest(projection: columns, filters: filters),
                types: plan.columns.map(\.type))
        case let .values(rows):
            let empty = Chunk(columns: [], count: 1)
            let values = try rows.map { row in try row.map { try Evaluator.value($0, empty, 0) } }
            return RowsOperator(Chunk.fromRows(values, width: plan.columns.count))
        case let .filter(input, predicate):
            return FilterOperator(try build(input), predicate)
        case let .project(input, expressions):
            return ProjectOperator(try build(input), expressions)
        case let .aggregate(input, groups, aggregates):
            return AggregateOperator(try build(input), groups: groups, aggregates: aggregates)
        case let .distinct(input):
            return DistinctOperator(try build(input))
        case let .sort(input, keys):
            return SortOperator(try build(input), keys, width: plan.columns.count)
        case let .limit(input, limit, offset):
            return LimitOperator(try build(input), limit: limit, offset: offset)
        case let .join(left, right, kind, keys, residual):
            return JoinOperator(
                left: try build(left), right: try build(right), kind: kind, keys: keys, residual: residual,
                leftWidth: left.columns.count, rightWidth: right.columns.count)
        case let .setOperation(op, all, left, right):
            return SetOperationOperator(op, all: all, try build(left), try build(right), width: plan.columns.count)
        case let .semiJoin(left, right, kind, keys, residual, mark):
            return SemiJoinOperator(
                left: try build(left), right: try build(right), kind: kind, keys: keys, residual: residual, mark: mark)
        case let .apply(input, reference, operands, parameters):
            return ApplyOperator(try build(input), reference, operands: operands, parameters: parameters)
        case let .lateralJoin(left, right, parameters, leftOuter, condition):
            return LateralJoinOperator(
                left: try build(left), right: right, parameters: parameters, leftOuter: leftOuter, condition: condition)
        case let .recursiveUnion(name, first, recursive, all, id, limits):
            return RecursiveUnionOperator(
                name: name, first: first, recursive: recursive, all: all, workTable: id, limits: limits)
        case .workTable:
            throw SQLError(SQLState("XX000"), "work table scanned outside its recursive query")
        }
    }
}
