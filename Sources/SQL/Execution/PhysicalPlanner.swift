/// Turns a logical plan into a tree of physical operators.
enum PhysicalPlanner {
    /// Builds a plan met while the statement runs (subqueries, lateral and recursive terms) with the running
    /// statement's context, so their memory counts against its limit and their spill runs are its own.
    static func build(_ plan: LogicalPlan) throws -> any PhysicalOperator {
        try build(plan, context: ExecutionContext.current ?? .unbounded())
    }

    static func build(_ plan: LogicalPlan, context: ExecutionContext) throws -> any PhysicalOperator {
        if let profile = context.profile {
            return try profile.profile(plan) { try makeOperator(plan, context: context) }
        }
        return try makeOperator(plan, context: context)
    }

    static func makeOperator(_ plan: LogicalPlan, context: ExecutionContext) throws -> any PhysicalOperator {
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
            if let parallel = try ParallelPlanner.aggregate(
                plan, input: input, groups: groups, aggregates: aggregates, context: context)
            {
                return parallel
            }
            return HybridHashAggregateOperator(
                try build(input), groups: groups, aggregates: aggregates, context: context)
        case let .distinct(input):
            return HybridDistinctOperator(
                try ParallelPlanner.unordered(input, context: context), width: plan.columns.count,
                types: plan.columns.map(\.type), context: context)
        case let .sort(input, keys):
            return ExternalSortOperator(try build(input), keys, width: plan.columns.count, context: context)
        case let .limit(input, limit, offset):
            if let topN = try topN(input, limit: limit, offset: offset, context: context) { return topN }
            return LimitOperator(try build(input), limit: limit, offset: offset)
        case let .join(left, right, kind, keys, residual) where kind == .asOf || kind == .asOfLeft:
            return try AsOfJoinOperator(
                left: try build(left), right: try build(right), leftOuter: kind == .asOfLeft, keys: keys,
                inequality: residual, leftWidth: left.columns.count, rightWidth: right.columns.count, context: context)
        case let .distinctOn(input, keys):
            return DistinctOnOperator(try build(input), keys: keys)
        case let .limitWithTies(input, limit, offset, keys):
            return LimitWithTiesOperator(try build(input), limit: limit, offset: offset, keys: keys)
        case let .join(left, right, kind, keys, residual):
            return GraceHashJoinOperator(
                left: try build(left), right: try build(right), kind: kind, keys: keys, residual: residual,
                leftWidth: left.columns.count, rightWidth: right.columns.count, context: context)
        case let .window(input, functions):
            return WindowOperator(try build(input), functions, width: input.columns.count)
        case let .tableFunction(input, calls, ordinality, leftJoin):
            return TableFunctionOperator(
                try build(input), calls, ordinality: ordinality, leftJoin: leftJoin, context: context)
        case let .setOperation(op, all, left, right):
            return setOperation(op, all: all, try build(left), try build(right), width: plan.columns.count, context)
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
