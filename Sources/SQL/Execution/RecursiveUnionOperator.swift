/// `WITH RECURSIVE`: PostgreSQL's working-table evaluation. The non-recursive term's rows are returned first,
/// then each iteration runs the recursive term over the previous iteration's new rows (UNION drops rows seen
/// before) until an iteration adds none. Each iteration is returned as it is computed, so a `LIMIT` above
/// stops the recursion. `RecursionLimits` bounds iterations and rows with an error.
final class RecursiveUnionOperator: PhysicalOperator {
    let name: String
    let first: LogicalPlan
    let recursive: LogicalPlan
    let all: Bool
    let workTable: Int
    let limits: RecursionLimits
    var started = false
    var working: [[Datum]] = []
    var seen = Set<RowKey>()
    var iterations = 0
    var produced = 0

    init(name: String, first: LogicalPlan, recursive: LogicalPlan, all: Bool, workTable: Int, limits: RecursionLimits) {
        self.name = name
        self.first = first
        self.recursive = recursive
        self.all = all
        self.workTable = workTable
        self.limits = limits
    }

    private func fresh(_ rows: [[Datum]]) throws -> [[Datum]] {
        var kept = rows
        if !all { kept = rows.filter { seen.insert(RowKey(values: $0)).inserted } }
        produced += kept.count
        if produced > limits.maxRows {
            throw SQLError(
                SQLState("54000"), "recursive query \"\(name)\" produced more than \(limits.maxRows) rows",
                hint: "Add a condition that ends the recursion, or raise the engine's recursion row limit.")
        }
        return kept
    }

    func next() async throws -> Chunk? {
        let width = first.columns.count
        if !started {
            started = true
            working = try fresh(try await SubqueryRunner.rows(first))
            if !working.isEmpty { return Chunk.fromRows(working, width: width) }
        }
        while !working.isEmpty {
            try Task.checkCancellation()
            iterations += 1
            if iterations > limits.maxIterations {
                throw SQLError(
                    SQLState("54000"),
                    "recursive query \"\(name)\" did not end after \(limits.maxIterations) iterations",
                    hint: "Add a condition that ends the recursion, or raise the engine's recursion iteration limit.")
            }
            let rows = working.map { row in zip(row, first.columns).map { BoundExpression(.literal($0), $1.type) } }
            let plan = RecursiveUnionOperator.replacing(workTable, in: recursive, with: rows)
            working = try fresh(try await SubqueryRunner.rows(plan))
            if !working.isEmpty { return Chunk.fromRows(working, width: width) }
        }
        return nil
    }

    static func replacing(_ id: Int, in plan: LogicalPlan, with rows: [[BoundExpression]]) -> LogicalPlan {
        if case .workTable(_, id) = plan.node { return LogicalPlan(.values(rows), columns: plan.columns) }
        return plan.mapInputs { replacing(id, in: $0, with: rows) }
    }
}
