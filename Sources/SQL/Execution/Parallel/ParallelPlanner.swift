/// Which parts of a plan run on several workers, and how (`threads` above 1).
///
/// A *fragment* is a scan with filters, projections and set-returning functions (`unnest`) above it whose
/// expressions hold no subquery or outer reference. Its result does not depend on the order the scan's
/// partitions are read in only for consumers that ignore order, so only these gather one:
/// - an aggregate whose every call is *combinable* (`count`, `sum` of integers, numeric and double precision,
///   `min`, `max`, `bool_and`, `bool_or`, without DISTINCT or ORDER BY) runs a partial aggregate per worker and
///   merges the partial results in a final aggregate (`count` becomes a sum of counts, the others are their own
///   combine);
/// - an aggregate whose calls are order-insensitive but not combinable (DISTINCT, `avg`, the bitwise aggregates,
///   `approx_count_distinct`) runs serially above a gather of its input;
/// - `DISTINCT` (and `UNION`'s deduplication) over a fragment reads it through a gather.
/// Everything else stays serial: sorts and top-N (a stable sort keeps ties in input order), window functions,
/// `LIMIT` without ORDER BY, `string_agg`/`array_agg`, aggregates with ORDER BY and ordered-set aggregates
/// (their results depend on input order), the statistical aggregates, joins, recursive and lateral queries.
enum ParallelPlanner {
    /// The fragment's scan when `plan` is a fragment that a gather can run.
    static func fragmentScan(_ plan: LogicalPlan) -> (table: any TableProvider, request: ScanRequest)? {
        switch plan.node {
        case let .scan(table, columns, filters):
            // A worker's own scan is never split again.
            if table is MorselTable { return nil }
            return (table, ScanRequest(projection: columns, filters: filters))
        case let .filter(input, _), let .project(input, _), let .tableFunction(input, _, _, _):
            guard plan.expressions.allSatisfy(isParallelSafe) else { return nil }
            return fragmentScan(input)
        default:
            return nil
        }
    }

    /// Whether workers may evaluate `expression` at once: nothing that runs a plan or reads an outer row.
    static func isParallelSafe(_ expression: BoundExpression) -> Bool {
        !expression.contains { node in
            switch node.kind {
            case .subquery, .subqueryResult, .parameter, .aggregate, .window: return true
            default: return false
            }
        }
    }

    /// The fragment with its scan reading `table` (a worker's `MorselTable`).
    static func replacingScan(_ plan: LogicalPlan, with table: any TableProvider) -> LogicalPlan {
        var copy = plan
        switch plan.node {
        case let .scan(_, columns, filters):
            copy.node = .scan(table: table, columns: columns, filters: filters)
        case let .filter(input, predicate):
            copy.node = .filter(replacingScan(input, with: table), predicate)
        case let .project(input, expressions):
            copy.node = .project(replacingScan(input, with: table), expressions)
        case let .tableFunction(input, calls, ordinality, leftJoin):
            copy.node = .tableFunction(
                replacingScan(input, with: table), calls, ordinality: ordinality, leftJoin: leftJoin)
        default:
            break
        }
        return copy
    }

    /// Workers for a statement with `threads` (nil: serial).
    static func workers(_ context: ExecutionContext) -> Int? {
        context.threads > 1 ? min(context.threads, SessionSettings.maxThreads) : nil
    }

    /// A gather of `fragment` over `workers` pipelines, each `fragment`'s operators (topped by `perWorker`, a
    /// `partial` line in EXPLAIN ANALYZE) over its share of the scan's partitions; nil when `fragment` is no
    /// fragment or the statement is serial.
    static func gather(
        _ fragment: LogicalPlan, context: ExecutionContext, label: String = "",
        perWorker: (line: String, wrap: (any PhysicalOperator) -> any PhysicalOperator)? = nil
    ) throws -> (any PhysicalOperator)? {
        guard let workers = workers(context), let (table, request) = fragmentScan(fragment) else { return nil }
        let queue = MorselQueue(workers: workers)
        func pipeline(_ worker: Int) throws -> any PhysicalOperator {
            let plan = replacingScan(fragment, with: MorselTable(table: table, queue: queue, worker: worker))
            guard let perWorker else { return try PhysicalPlanner.build(plan, context: context) }
            let build = { perWorker.wrap(try PhysicalPlanner.build(plan, context: context)) }
            if let profile = context.profile { return try profile.profile(line: perWorker.line, build) }
            return try build()
        }
        func build() throws -> any PhysicalOperator {
            GatherOperator(
                table: table, request: request, queue: queue, pipelines: try (0..<workers).map(pipeline),
                context: context)
        }
        let line = "Gather (workers: \(workers)\(label))"
        if let profile = context.profile { return try profile.profile(line: line, build) }
        return try build()
    }

    /// `input` through a gather when it is a fragment and the statement runs parallel, otherwise built as usual.
    static func unordered(_ input: LogicalPlan, context: ExecutionContext) throws -> any PhysicalOperator {
        try gather(input, context: context) ?? PhysicalPlanner.build(input, context: context)
    }

    /// A parallel aggregate, nil when it stays serial over its input as built.
    static func aggregate(
        _ plan: LogicalPlan, input: LogicalPlan, groups: [BoundExpression], aggregates: [BoundAggregate],
        context: ExecutionContext
    ) throws -> (any PhysicalOperator)? {
        guard workers(context) != nil, fragmentScan(input) != nil, let mode = aggregateMode(aggregates) else {
            return nil
        }
        guard mode == .partial else {
            // Serial above the gather: the calls' results do not depend on the order rows arrive in.
            guard let gathered = try gather(input, context: context) else { return nil }
            return HybridHashAggregateOperator(gathered, groups: groups, aggregates: aggregates, context: context)
        }
        // Each partial table may take a share of the budget; the final aggregate keeps at least half of it.
        let budget = context.memoryLimit / (2 * (workers(context) ?? 1))
        let line = "Partial " + (plan.explain.split(separator: "\n").first.map(String.init) ?? "HashAggregate")
        let partial = { (fragment: any PhysicalOperator) -> any PhysicalOperator in
            if groups.isEmpty {
                return HybridHashAggregateOperator(fragment, groups: [], aggregates: aggregates, context: context)
            }
            return PartialAggregateOperator(
                fragment, groups: groups, aggregates: aggregates, context: context, budget: budget)
        }
        let gathered = try gather(input, context: context, label: ", partial aggregates", perWorker: (line, partial))
        guard let gathered else { return nil }
        let finalGroups = groups.enumerated().map { BoundExpression(.column($0.offset), $0.element.type) }
        let finalAggregates = aggregates.enumerated().map { index, aggregate in
            combining(aggregate, column: groups.count + index)
        }
        return HybridHashAggregateOperator(gathered, groups: finalGroups, aggregates: finalAggregates, context: context)
    }

    enum AggregateMode {
        /// A partial aggregate per worker, merged by a final one.
        case partial
        /// One aggregate above a gather of its input.
        case gatherOnly
    }

    /// How an aggregate of `aggregates` runs over a fragment; nil: serially.
    static func aggregateMode(_ aggregates: [BoundAggregate]) -> AggregateMode? {
        if aggregates.allSatisfy(isCombinable) { return .partial }
        if aggregates.allSatisfy({ isCombinable($0) || isOrderInsensitive($0) }) { return .gatherOnly }
        return nil
    }

    /// Whether partial results of `aggregate` merge into its result by another plain aggregate.
    static func isCombinable(_ aggregate: BoundAggregate) -> Bool {
        guard !aggregate.distinct, aggregate.ordering.isEmpty, !aggregate.usesExtendedState else { return false }
        switch aggregate.function {
        case .countStar, .count, .min, .max, .boolAnd, .boolOr: return true
        case .sum:
            switch aggregate.type {
            case .bigint, .numeric, .double: return true
            default: return false
            }
        default: return false
        }
    }

    /// Whether the aggregate's result is the same whatever order its rows arrive in (floating-point sums aside,
    /// whose last digits depend on the order of additions in any parallel plan, as in PostgreSQL's).
    static func isOrderInsensitive(_ aggregate: BoundAggregate) -> Bool {
        guard aggregate.ordering.isEmpty, !aggregate.function.isOrderedSet, !aggregate.function.isStatistic else {
            return false
        }
        switch aggregate.function {
        case .countStar, .count, .min, .max, .boolAnd, .boolOr, .bitAnd, .bitOr, .bitXor, .approxCountDistinct:
            return true
        case .sum, .avg:
            // With DISTINCT, the distinct values are added in the order they are first seen.
            return !(aggregate.distinct && aggregate.type.isFloat)
        default:
            return false
        }
    }

    /// The type of a worker's partial result.
    static func partialType(_ aggregate: BoundAggregate) -> SQLType {
        aggregate.function == .countStar || aggregate.function == .count ? .bigint : aggregate.type
    }

    /// The final aggregate over the partial results in `column`: counts are summed (as bigint), the others are
    /// their own combine.
    static func combining(_ aggregate: BoundAggregate, column: Int) -> BoundAggregate {
        let function: BoundAggregate.Function
        switch aggregate.function {
        case .countStar, .count: function = .sum
        default: function = aggregate.function
        }
        let type = aggregate.function == .countStar || aggregate.function == .count ? SQLType.bigint : aggregate.type
        return BoundAggregate(
            function: function, arguments: [BoundExpression(.column(column), partialType(aggregate))],
            distinct: false, type: type)
    }
}
