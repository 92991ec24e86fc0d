/// An item of a `FROM` list.
public indirect enum TableReference: Hashable, Sendable {
    /// A table or view by name.
    case table(ObjectName, alias: TableAlias?)
    /// `[LATERAL] (query) [AS] alias`
    case subquery(Query, alias: TableAlias?, lateral: Bool, at: SourcePosition)
    /// `[LATERAL] unnest(a) [WITH ORDINALITY] [AS] alias(columns)`
    case function(FunctionCall, withOrdinality: Bool, alias: TableAlias?, lateral: Bool, at: SourcePosition)
    case join(Join)
}

/// `AS name (column, ...)`
public struct TableAlias: Hashable, Sendable {
    public var name: Identifier
    public var columns: [Identifier]

    public init(_ name: Identifier, columns: [Identifier] = []) {
        self.name = name
        self.columns = columns
    }
}

public struct Join: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case inner = "JOIN"
        case left = "LEFT JOIN"
        case right = "RIGHT JOIN"
        case full = "FULL JOIN"
        case cross = "CROSS JOIN"
        /// DuckDB's `ASOF JOIN` (an Outflow extension of the PostgreSQL dialect): for each left row, the right
        /// row with equal keys and the greatest (or least) time that satisfies the inequality in `ON`.
        case asOf = "ASOF JOIN"
        /// `ASOF LEFT JOIN`: as `asOf`, keeping left rows without a match.
        case asOfLeft = "ASOF LEFT JOIN"
    }

    public enum Condition: Hashable, Sendable {
        case on(Expression)
        case using([Identifier])
    }

    public var kind: Kind
    public var natural: Bool
    public var left: TableReference
    public var right: TableReference
    /// nil for `CROSS JOIN` and `NATURAL` joins.
    public var condition: Condition?
    /// `(a JOIN b ON ...) AS j`
    public var alias: TableAlias?
    public var position: SourcePosition

    public init(
        _ kind: Kind, natural: Bool = false, left: TableReference, right: TableReference,
        condition: Condition? = nil, alias: TableAlias? = nil, at position: SourcePosition = .none
    ) {
        self.kind = kind
        self.natural = natural
        self.left = left
        self.right = right
        self.condition = condition
        self.alias = alias
        self.position = position
    }
}
