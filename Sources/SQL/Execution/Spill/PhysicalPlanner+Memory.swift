extension PhysicalPlanner {
    /// ORDER BY + LIMIT of at most `TopNOperator.maxRows` rows (with the offset) as a top-N heap.
    static func topN(_ input: LogicalPlan, limit: Int64?, offset: Int64, context: ExecutionContext) throws
        -> (any PhysicalOperator)?
    {
        guard let limit, limit >= 0, offset >= 0, limit <= Int64(TopNOperator.maxRows),
            offset <= Int64(TopNOperator.maxRows) - limit
        else { return nil }
        // The sort directly below, or below the projection that drops hidden sort columns.
        var sort = input
        var projection: [BoundExpression]?
        if case let .project(projected, expressions) = input.node {
            sort = projected
            projection = expressions
        }
        guard case let .sort(sorted, keys) = sort.node else { return nil }
        var heap: any PhysicalOperator = TopNOperator(
            try build(sorted, context: context), keys, count: Int(limit + offset), width: sort.columns.count,
            context: context)
        if let projection { heap = ProjectOperator(heap, projection) }
        return LimitOperator(heap, limit: limit, offset: offset)
    }

    /// UNION ALL concatenates; UNION deduplicates the concatenation; INTERSECT and EXCEPT count the right input
    /// (deduplicating their output without ALL).
    static func setOperation(
        _ op: SetOperation.Operator, all: Bool, _ left: any PhysicalOperator, _ right: any PhysicalOperator,
        width: Int, _ context: ExecutionContext
    ) -> any PhysicalOperator {
        switch op {
        case .union:
            let both = ConcatOperator([left, right])
            return all ? both : HybridDistinctOperator(both, width: width, context: context)
        case .intersect, .except:
            let counted = HashSetOperationOperator(op, all: all, left, right, width: width, context: context)
            return all ? counted : HybridDistinctOperator(counted, width: width, context: context)
        }
    }
}
