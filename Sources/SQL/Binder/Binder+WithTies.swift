/// `FETCH FIRST n ROWS WITH TIES`: the limit goes directly above the query's sort (below the projection that
/// drops hidden sort columns), so the peers of the last row are found by the sort's own keys.
extension Binder {
    static func limitWithTies(_ plan: LogicalPlan, limit: Int64?, offset: Int64) throws -> LogicalPlan {
        guard let limit else {
            throw SQLError(SQLState("2201W"), "row count cannot be null in FETCH FIRST ... WITH TIES clause")
        }
        if limit < 0 { throw SQLError(SQLState("2201W"), "LIMIT must not be negative") }
        if offset < 0 { throw SQLError(SQLState("2201X"), "OFFSET must not be negative") }
        var sorted = plan
        var projection: [BoundExpression]?
        if case let .project(input, expressions) = plan.node {
            sorted = input
            projection = expressions
        }
        // DISTINCT ON keeps the sort's columns and order.
        var source = sorted
        while case let .distinctOn(input, _) = source.node { source = input }
        guard case let .sort(_, keys) = source.node else {
            throw SQLError(.syntaxError, "WITH TIES cannot be specified without ORDER BY clause")
        }
        let limited = LogicalPlan(
            .limitWithTies(sorted, limit: limit, offset: offset, keys: keys.map(\.expression)), columns: sorted.columns)
        guard let projection else { return limited }
        return LogicalPlan(.project(limited, projection), columns: plan.columns)
    }
}
