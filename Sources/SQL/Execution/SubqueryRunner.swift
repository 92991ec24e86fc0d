/// Runs subquery plans: once for an uncorrelated subquery (`prepare` puts the result in place of the
/// expression), or per distinct outer values for the apply and lateral operators.
enum SubqueryRunner {
    private struct Key: Hashable {
        var reference: SubqueryReference
        var values: RowKey
    }

    /// `plan` with every subquery whose outer values are constants run once and replaced by its result.
    static func prepare(_ plan: LogicalPlan) async throws -> LogicalPlan {
        var pending: [Key: [SQLType]] = [:]
        var order: [Key] = []
        func collect(_ expression: BoundExpression) throws {
            if let (reference, parameters) = constantSubquery(expression) {
                let values = try parameters.map { try Evaluator.evaluateConstant($0) }
                let key = Key(reference: reference, values: RowKey(values: values))
                if pending[key] == nil {
                    pending[key] = parameters.map(\.type)
                    order.append(key)
                }
            }
            try expression.children.forEach(collect)
        }
        func walk(_ plan: LogicalPlan) throws {
            try plan.expressions.forEach(collect)
            try plan.inputs.forEach(walk)
        }
        try walk(plan)
        if order.isEmpty { return plan }
        var results: [Key: SubqueryResult] = [:]
        for key in order {
            results[key] = try await result(key.reference, values: key.values.values, types: pending[key] ?? [])
        }
        func substitute(_ expression: BoundExpression) throws -> BoundExpression {
            if let (reference, parameters) = constantSubquery(expression),
                case let .subquery(_, children) = expression.kind
            {
                let values = try parameters.map { try Evaluator.evaluateConstant($0) }
                if let result = results[Key(reference: reference, values: RowKey(values: values))] {
                    let operands = try Array(children.prefix(reference.operandCount)).map { try substitute($0) }
                    return BoundExpression(.subqueryResult(result, operands), expression.type, at: expression.position)
                }
            }
            return try expression.mapChildren(substitute)
        }
        func rewrite(_ plan: LogicalPlan) throws -> LogicalPlan {
            try plan.mapExpressions(substitute).mapInputs(rewrite)
        }
        return try rewrite(plan)
    }

    /// A subquery node whose parameters are constants, with those parameters.
    private static func constantSubquery(_ expression: BoundExpression) -> (SubqueryReference, [BoundExpression])? {
        guard case let .subquery(reference, children) = expression.kind else { return nil }
        let parameters = Array(children.dropFirst(reference.operandCount))
        let constant = parameters.allSatisfy { parameter in
            !parameter.contains {
                switch $0.kind {
                case .column, .parameter, .subquery, .aggregate, .subqueryResult: return true
                default: return false
                }
            }
        }
        return constant ? (reference, parameters) : nil
    }

    /// The rows of `reference` for the outer values `values`.
    static func result(_ reference: SubqueryReference, values: [Datum], types: [SQLType]) async throws
        -> SubqueryResult
    {
        var plan = reference.plan.substitutingParameters(
            zip(values, types).map { BoundExpression(.literal($0), $1) })
        // EXISTS needs one row, a scalar subquery two (to tell "more than one").
        switch reference.kind {
        case .exists: plan = LogicalPlan(.limit(plan, limit: 1, offset: 0), columns: plan.columns)
        case .scalar: plan = LogicalPlan(.limit(plan, limit: 2, offset: 0), columns: plan.columns)
        case .any, .all: break
        }
        return SubqueryResult(reference, rows: try await rows(plan))
    }

    /// The root operator of `plan`: built at once, or, when the plan holds subqueries to run first, on the
    /// first pull (running them is asynchronous).
    static func root(_ plan: LogicalPlan) throws -> any PhysicalOperator {
        if containsSubquery(plan) { return PreparingOperator(plan) }
        return try PhysicalPlanner.build(plan)
    }

    static func containsSubquery(_ plan: LogicalPlan) -> Bool {
        plan.expressions.contains(where: \.containsSubquery) || plan.inputs.contains(where: containsSubquery)
    }

    /// Every row of `plan`.
    static func rows(_ plan: LogicalPlan) async throws -> [[Datum]] {
        let prepared = try await prepare(plan)
        return try await PhysicalPlanner.build(prepared).drainRows()
    }
}

/// Runs a plan's uncorrelated subqueries on the first pull, then the plan.
final class PreparingOperator: PhysicalOperator {
    let plan: LogicalPlan
    var root: (any PhysicalOperator)?

    init(_ plan: LogicalPlan) { self.plan = plan }

    func next() async throws -> Chunk? {
        if root == nil { root = try PhysicalPlanner.build(try await SubqueryRunner.prepare(plan)) }
        return try await root?.next()
    }
}
