/// A query (PostgreSQL's `SelectStmt`): an optional `WITH`, a body (a `SELECT`, `VALUES`, `TABLE name` or a set
/// operation over bodies), and the clauses that apply to the whole result.
public struct Query: Hashable, Sendable, CustomStringConvertible {
    public var with: With?
    public var body: QueryBody
    public var orderBy: [OrderItem]
    /// `LIMIT n` or `FETCH FIRST n ROWS ...`; nil for none (`LIMIT ALL` is none).
    public var limit: Expression?
    public var offset: Expression?
    /// `FETCH FIRST n ROWS WITH TIES`
    public var withTies: Bool
    public var position: SourcePosition

    public init(
        with: With? = nil, body: QueryBody, orderBy: [OrderItem] = [], limit: Expression? = nil,
        offset: Expression? = nil, withTies: Bool = false, at position: SourcePosition = .none
    ) {
        self.with = with
        self.body = body
        self.orderBy = orderBy
        self.limit = limit
        self.offset = offset
        self.withTies = withTies
        self.position = position
    }

    /// Whether the query is only its body (no WITH, ORDER BY, LIMIT or OFFSET).
    public var isBare: Bool { with == nil && orderBy.isEmpty && limit == nil && offset == nil && !withTies }

    public var description: String { SQLFormatter().query(self) }
}

public indirect enum QueryBody: Hashable, Sendable {
    case select(Select)
    /// `VALUES (1, 'a'), (2, 'b')`
    case values([[Expression]], at: SourcePosition)
    /// `TABLE name` (all columns of a table).
    case table(ObjectName)
    case setOperation(SetOperation)
    /// A parenthesized query with clauses of its own, as an operand of a set operation.
    case query(Query)
}

/// `left UNION|INTERSECT|EXCEPT [ALL] right`; `INTERSECT` binds tighter than the other two.
public struct SetOperation: Hashable, Sendable {
    public enum Operator: String, Hashable, Sendable {
        case union = "UNION"
        case intersect = "INTERSECT"
        case except = "EXCEPT"
    }

    public var op: Operator
    /// `ALL` keeps duplicates; the default (`DISTINCT`) removes them.
    public var all: Bool
    public var left: QueryBody
    public var right: QueryBody
    public var position: SourcePosition

    public init(_ op: Operator, all: Bool, left: QueryBody, right: QueryBody, at position: SourcePosition = .none) {
        self.op = op
        self.all = all
        self.left = left
        self.right = right
        self.position = position
    }
}

/// One `SELECT` block.
public struct Select: Hashable, Sendable {
    public var distinct: Distinct?
    public var items: [SelectItem]
    public var from: [TableReference]
    public var filter: Expression?
    public var groupBy: GroupBy?
    public var having: Expression?
    public var windows: [NamedWindow]
    public var position: SourcePosition

    public init(
        distinct: Distinct? = nil, items: [SelectItem], from: [TableReference] = [], filter: Expression? = nil,
        groupBy: GroupBy? = nil, having: Expression? = nil, windows: [NamedWindow] = [],
        at position: SourcePosition = .none
    ) {
        self.distinct = distinct
        self.items = items
        self.from = from
        self.filter = filter
        self.groupBy = groupBy
        self.having = having
        self.windows = windows
        self.position = position
    }
}

public enum Distinct: Hashable, Sendable {
    /// `SELECT DISTINCT`
    case all
    /// `SELECT DISTINCT ON (a, b)`
    case on([Expression])
}

/// An output column: an expression (possibly `*` or `t.*`) and its alias.
public struct SelectItem: Hashable, Sendable {
    public var expression: Expression
    public var alias: Identifier?

    public init(_ expression: Expression, alias: Identifier? = nil) {
        self.expression = expression
        self.alias = alias
    }
}

/// `GROUP BY [ALL|DISTINCT] element, ...`
public struct GroupBy: Hashable, Sendable {
    /// `GROUP BY DISTINCT` removes duplicate grouping sets (PostgreSQL 14+).
    public var distinct: Bool
    public var elements: [GroupingElement]

    public init(distinct: Bool = false, _ elements: [GroupingElement]) {
        self.distinct = distinct
        self.elements = elements
    }
}

public indirect enum GroupingElement: Hashable, Sendable {
    /// An expression, an output-column ordinal (`GROUP BY 1`) or a row `(a, b)`.
    case expression(Expression)
    /// `()`
    case empty
    /// `ROLLUP (a, (b, c))`: each entry an expression or a row.
    case rollup([Expression])
    case cube([Expression])
    case groupingSets([GroupingElement])
}

/// `expr [ASC|DESC] [NULLS FIRST|LAST]`
public struct OrderItem: Hashable, Sendable {
    public enum Direction: String, Hashable, Sendable {
        case ascending = "ASC"
        case descending = "DESC"
    }

    public enum Nulls: String, Hashable, Sendable {
        case first = "NULLS FIRST"
        case last = "NULLS LAST"
    }

    public var expression: Expression
    /// nil when not written (ascending).
    public var direction: Direction?
    /// nil when not written (PostgreSQL: last for ascending, first for descending).
    public var nulls: Nulls?

    public init(_ expression: Expression, direction: Direction? = nil, nulls: Nulls? = nil) {
        self.expression = expression
        self.direction = direction
        self.nulls = nulls
    }
}

/// `WITH [RECURSIVE] name [(columns)] AS [[NOT] MATERIALIZED] (query), ...`
public struct With: Hashable, Sendable {
    public var recursive: Bool
    public var tables: [CommonTableExpression]

    public init(recursive: Bool = false, _ tables: [CommonTableExpression]) {
        self.recursive = recursive
        self.tables = tables
    }
}

public struct CommonTableExpression: Hashable, Sendable {
    public var name: Identifier
    public var columns: [Identifier]
    /// `MATERIALIZED` (true), `NOT MATERIALIZED` (false), or not written (nil).
    public var materialized: Bool?
    public var query: Query
    public var position: SourcePosition

    public init(
        name: Identifier, columns: [Identifier] = [], materialized: Bool? = nil, query: Query,
        at position: SourcePosition = .none
    ) {
        self.name = name
        self.columns = columns
        self.materialized = materialized
        self.query = query
        self.position = position
    }
}
