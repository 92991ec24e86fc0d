/// An output column of a plan node.
public struct PlanColumn: Hashable, Sendable {
    public var name: String
    public var type: SQLType

    public init(_ name: String, _ type: SQLType) {
        self.name = name
        self.type = type
    }
}

/// A sort key over a plan's output columns.
public struct SortKey: Hashable, Sendable {
    public var expression: BoundExpression
    public var descending: Bool
    public var nullsFirst: Bool
}

/// A bound logical plan: each node's expressions refer to its input's columns by position.
public struct LogicalPlan: Sendable {
    public indirect enum Node: Sendable {
        /// `columns` are the table's columns that are read (projection), in output order.
        case scan(table: any TableProvider, columns: [Int], filters: [BoundExpression])
        case values([[BoundExpression]])
        case filter(LogicalPlan, BoundExpression)
        case project(LogicalPlan, [BoundExpression])
        case aggregate(LogicalPlan, groups: [BoundExpression], aggregates: [BoundAggregate])
        case distinct(LogicalPlan)
        case sort(LogicalPlan, [SortKey])
        case limit(LogicalPlan, limit: Int64?, offset: Int64)
        /// `SELECT DISTINCT ON (keys)`: the first row of each run of equal `keys` in the sorted input.
        case distinctOn(LogicalPlan, keys: [BoundExpression])
        /// `OFFSET offset FETCH FIRST limit ROWS WITH TIES` over sorted input; `keys` (the sort's) decide the peers.
        case limitWithTies(LogicalPlan, limit: Int64, offset: Int64, keys: [BoundExpression])
        /// Output: the left columns, then the right columns. `equiKeys` pairs a left expression with a right
        /// one (each over its own side); `residual` is evaluated over the joined row.
        case join(
            LogicalPlan, LogicalPlan, kind: JoinKind, equiKeys: [(BoundExpression, BoundExpression)],
            residual: BoundExpression?)
        case setOperation(SetOperation.Operator, all: Bool, LogicalPlan, LogicalPlan)
        /// Subqueries turned into joins (`Plan/Decorrelation.swift`): semi/anti keep left rows with/without a
        /// right row that matches `equiKeys` and `residual` (and, for semi, makes `mark` TRUE); mark joins add a
        /// boolean column (ANY/ALL three-valued over the matching rows).
        case semiJoin(
            LogicalPlan, LogicalPlan, kind: SemiJoinKind, equiKeys: [(BoundExpression, BoundExpression)],
            residual: BoundExpression?, mark: BoundExpression?)
        /// A correlated subquery run per distinct parameter values: the input's columns and the result column.
        case apply(LogicalPlan, SubqueryReference, operands: [BoundExpression], parameters: [BoundExpression])
        /// `FROM a, LATERAL (...)` / `a LEFT JOIN LATERAL (...) ON c`: the right plan run per distinct values of
        /// `parameters` (over the left columns).
        case lateralJoin(
            LogicalPlan, LogicalPlan, parameters: [BoundExpression], leftOuter: Bool, condition: BoundExpression?)
        /// `WITH RECURSIVE`: the non-recursive term, then the recursive term over `workTable` until no new rows.
        case recursiveUnion(
            name: String, LogicalPlan, LogicalPlan, all: Bool, workTable: Int, limits: RecursionLimits)
        /// The rows of the previous iteration of the recursive union `id`.
        case workTable(name: String, id: Int)
        /// Output: the input's columns, then one column per window function (see `BoundWindowFunction`).
        case window(LogicalPlan, [BoundWindowFunction])
        /// Set-returning functions per input row (`FROM t, unnest(t.a) WITH ORDINALITY`, SELECT-list `unnest`):
        /// the input's columns, then each call's columns, then the row number if `ordinality`. The calls run in
        /// lockstep, as many rows as the longest, the shorter padded with NULLs; a row with none is dropped, unless
        /// `leftJoin` is set (`LEFT JOIN unnest(...) ON condition`): then only rows passing it count, and an input
        /// row without any is kept once, padded with NULLs.
        case tableFunction(LogicalPlan, [TableFunctionCall], ordinality: Bool, leftJoin: BoundExpression?)
    }

    public enum JoinKind: String, Sendable {
        case inner = "Inner"
        case left = "Left"
        case right = "Right"
        case full = "Full"
        case cross = "Cross"
        /// `ASOF [LEFT] JOIN`: per left row, the one right row with equal `equiKeys` nearest by the inequality in
        /// `residual` (always one comparison, left operand first; see `Binder+AsOf.swift`).
        case asOf = "AsOf"
        case asOfLeft = "AsOf Left"
    }

    public var node: Node
    public var columns: [PlanColumn]

    public init(_ node: Node, columns: [PlanColumn]) {
        self.node = node
        self.columns = columns
    }
}
