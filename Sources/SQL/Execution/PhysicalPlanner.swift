/// Turns a logical plan into a tree of physical operators.
enum PhysicalPlanner {
    static func build(_ plan: LogicalPlan, context: ExecutionContext) throws -> any PhysicalOperator {
        // Inputs are built with the same statement context.
        let build = { (input: LogicalPlan) throws -> any PhysicalOperator in try Self.build(input, context: context) }
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
            return HybridHashAggregateOperator(
                try build(input), groups: groups, aggregates: aggregates, context: context)
        case let .distinct(input):
            return HybridDistinctOperator(try build(input), width: plan.columns.count, context: context)
        case let .sort(input, keys):
            return ExternalSortOperator(try build(input), keys, width: plan.columns.count, context: context)
        case let .limit(input, limit, offset):
            if let topN = try topN(input, limit: limit, offset: offset, context: context) { return topN }
            return LimitOperator(try build(input), limit: limit, offset: offset)
        case let .join(left, right, kind, keys, residual) where GraceHashJoinOperator.handles(kind):
            return GraceHashJoinOperator(
                left: try build(left), right: try build(right), kind: kind, keys: keys, residual: residual,
                leftWidth: left.columns.count, rightWidth: right.columns.count, context: context)
        case let .join(left, right, kind, keys, residual):
            return JoinOperator(
                left: try build(left), right: try build(right), kind: kind, keys: keys, residual: residual,
                leftWidth: left.columns.count, rightWidth: right.columns.count)
        case let .setOperation(op, all, left, right):
            return setOperation(op, all: all, try build(left), try build(right), width: plan.columns.count, context)
        }
    }
}
