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
        /// Output: the left columns, then the right columns. `equiKeys` pairs a left expression with a right
        /// one (each over its own side); `residual` is evaluated over the joined row.
        case join(
            LogicalPlan, LogicalPlan, kind: JoinKind, equiKeys: [(BoundExpression, BoundExpression)],
            residual: BoundExpression?)
        case setOperation(SetOperation.Operator, all: Bool, LogicalPlan, LogicalPlan)
        /// Output: the input's columns, then one column per window function (see `BoundWindowFunction`).
        case window(LogicalPlan, [BoundWindowFunction])
    }

    public enum JoinKind: String, Sendable {
        case inner = "Inner"
        case left = "Left"
        case right = "Right"
        case full = "Full"
        case cross = "Cross"
    }

    public var node: Node
    public var columns: [PlanColumn]

    public init(_ node: Node, columns: [PlanColumn]) {
        self.node = node
        self.columns = columns
    }
}
