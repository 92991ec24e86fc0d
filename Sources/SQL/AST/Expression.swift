/// A value expression (PostgreSQL 15 docs, section 4.2) with its source position.
///
/// The parser keeps the syntax the binder needs and nothing it can decide later: column references are name
/// chains (`a.b.c`, resolved by the binder against tables, columns and nested fields), literals keep their text,
/// and operators the engine knows by name are cases while any other operator is kept by its symbol.
public struct Expression: Hashable, Sendable, CustomStringConvertible {
    public var kind: Kind
    public var position: SourcePosition

    public init(_ kind: Kind, at position: SourcePosition = .none) {
        self.kind = kind
        self.position = position
    }

    public indirect enum Kind: Hashable, Sendable {
        case literal(Literal)
        /// `DATE '2024-01-01'`, `INTERVAL '1' DAY`, `int4 '1'`: a string constant of a named type.
        case typedLiteral(TypeName, String)
        /// A name chain: `col`, `t.col`, `schema.t.col`, `col.field.field`.
        case column([Identifier])
        /// `*` (empty qualifier) or `t.*`: expanded by the binder where a select list allows it.
        case star(qualifier: [Identifier])
        /// `$1`
        case parameter(Int)
        /// `(expr).field`
        case field(Expression, Identifier)
        /// `expr[i]` or `expr[i:j]`
        case subscripted(Expression, Subscript)
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
        /// `NOT expr`
        case not(Expression)
        case and(Expression, Expression)
        case or(Expression, Expression)
        /// `expr IS [NOT] NULL`, `ISNULL`, `NOTNULL`
        case isNull(Expression, negated: Bool)
        /// `expr IS [NOT] TRUE | FALSE | UNKNOWN`
        case isTruth(Expression, TruthValue, negated: Bool)
        /// `a IS [NOT] DISTINCT FROM b`
        case isDistinctFrom(Expression, Expression, negated: Bool)
        /// `expr [NOT] BETWEEN [SYMMETRIC] low AND high`
        case between(Expression, low: Expression, high: Expression, negated: Bool, symmetric: Bool)
        /// `expr [NOT] IN (a, b, ...)`
        case inList(Expression, [Expression], negated: Bool)
        /// `expr [NOT] IN (subquery)`
        case inSubquery(Expression, Query, negated: Bool)
        /// `expr [NOT] LIKE|ILIKE pattern [ESCAPE e]`
        case like(Expression, pattern: Expression, escape: Expression?, caseInsensitive: Bool, negated: Bool)
        /// `expr [NOT] SIMILAR TO pattern [ESCAPE e]`
        case similarTo(Expression, pattern: Expression, escape: Expression?, negated: Bool)
        /// `expr op ANY|SOME|ALL (subquery)` or `(array)`; `LIKE ANY` arrives as operator `~~` (ILIKE `~~*`,
        /// NOT LIKE `!~~`, NOT ILIKE `!~~*`), as PostgreSQL maps them.
        case quantified(Expression, BinaryOperator, Quantifier, QuantifiedSource)
        case exists(Query)
        /// `(SELECT ...)` used as a value.
        case subquery(Query)
        /// `ARRAY[a, b]`; a nested `[...]` list inside is an `.array` too.
        case array([Expression])
        /// `ARRAY(SELECT ...)`
        case arraySubquery(Query)
        /// `ROW(a, b)` (`explicit`) or `(a, b)`.
        case row([Expression], explicit: Bool)
        /// `CAST(expr AS type)` and `expr::type`.
        case cast(Expression, TypeName)
        case function(FunctionCall)
        /// `CASE [operand] WHEN ... THEN ... [ELSE ...] END`
        case caseWhen(operand: Expression?, branches: [CaseBranch], otherwise: Expression?)
        /// `COALESCE`, `NULLIF`, `GREATEST`, `LEAST` (keywords with their own grammar in PostgreSQL).
        case conditional(ConditionalFunction, [Expression])
        /// `GROUPING(a, b)`
        case grouping([Expression])
        /// `EXTRACT(field FROM expr)`; the field lower-cased (`year`, `epoch`, ...).
        case extract(field: String, Expression)
        /// `SUBSTRING(expr FROM start FOR count)` and `substring(expr, start[, count])`.
        case substring(Expression, from: Expression?, for: Expression?)
        /// `SUBSTRING(expr SIMILAR pattern ESCAPE escape)`
        case substringSimilar(Expression, pattern: Expression, escape: Expression)
        /// `POSITION(needle IN haystack)`
        case position(Expression, in: Expression)
        /// `TRIM([LEADING|TRAILING|BOTH] [characters] FROM source)` and `trim(source[, characters])`.
        case trim(TrimSide, characters: Expression?, from: Expression)
        /// `OVERLAY(expr PLACING replacement FROM start [FOR count])`
        case overlay(Expression, placing: Expression, from: Expression, for: Expression?)
        /// `expr AT TIME ZONE zone`
        case atTimeZone(Expression, zone: Expression)
        /// `expr COLLATE name` (parsed; the engine refuses it later).
        case collate(Expression, ObjectName)
        /// `CURRENT_DATE`, `CURRENT_TIMESTAMP(3)`, `CURRENT_USER`, ...
        case valueFunction(ValueFunction, precision: Int?)
        /// `DEFAULT` in an `INSERT`'s `VALUES` rows.
        case defaultValue
    }

    public var description: String { SQLFormatter().expression(self) }
}

public enum Literal: Hashable, Sendable {
    case null
    case boolean(Bool)
    /// Digits of an integer constant; its type (int4, int8 or numeric) is decided by the binder.
    case integer(String)
    /// Text of a decimal or exponent constant (`1.5`, `1e10`).
    case decimal(String)
    case string(String)
    /// `B'0101'` or `X'1F'`, as digits.
    case bitString(String, hex: Bool)
}

public enum UnaryOperator: Hashable, Sendable {
    case plus, minus
    /// Any other prefix operator (`~`, `@`, `|/`, ...), by its symbol.
    case custom(String)
}

public enum BinaryOperator: Hashable, Sendable {
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
    case plus, minus, multiply, divide, modulo, power
    /// `||`
    case concat
    /// `->`
    case jsonGet
    /// `->>`
    case jsonGetText
    /// `~`, `~*`, `!~`, `!~*`
    case regexMatch(caseInsensitive: Bool, negated: Bool)
    /// Any other operator (`@>`, `<<`, `&&`, `~~`, ...), by its symbol.
    case custom(String)

    /// The operator's symbol as PostgreSQL spells it.
    public var symbol: String {
        switch self {
        case .equal: "="
        case .notEqual: "<>"
        case .less: "<"
        case .lessOrEqual: "<="
        case .greater: ">"
        case .greaterOrEqual: ">="
        case .plus: "+"
        case .minus: "-"
        case .multiply: "*"
        case .divide: "/"
        case .modulo: "%"
        case .power: "^"
        case .concat: "||"
        case .jsonGet: "->"
        case .jsonGetText: "->>"
        case let .regexMatch(caseInsensitive, negated): (negated ? "!~" : "~") + (caseInsensitive ? "*" : "")
        case let .custom(symbol): symbol
        }
    }

    /// The operator spelled `symbol` (`!=` must already be `<>`).
    public init(symbol: String) {
        switch symbol {
        case "=": self = .equal
        case "<>": self = .notEqual
        case "<": self = .less
        case "<=": self = .lessOrEqual
        case ">": self = .greater
        case ">=": self = .greaterOrEqual
        case "+": self = .plus
        case "-": self = .minus
        case "*": self = .multiply
        case "/": self = .divide
        case "%": self = .modulo
        case "^": self = .power
        case "||": self = .concat
        case "->": self = .jsonGet
        case "->>": self = .jsonGetText
        case "~": self = .regexMatch(caseInsensitive: false, negated: false)
        case "~*": self = .regexMatch(caseInsensitive: true, negated: false)
        case "!~": self = .regexMatch(caseInsensitive: false, negated: true)
        case "!~*": self = .regexMatch(caseInsensitive: true, negated: true)
        default: self = .custom(symbol)
        }
    }
}

public enum TruthValue: String, Hashable, Sendable {
    case `true` = "TRUE"
    case `false` = "FALSE"
    case unknown = "UNKNOWN"
}

public enum Quantifier: String, Hashable, Sendable {
    case any = "ANY"
    case all = "ALL"
}

public enum QuantifiedSource: Hashable, Sendable {
    case subquery(Query)
    case array(Expression)
}

public enum Subscript: Hashable, Sendable {
    case index(Expression)
    /// `[lower:upper]`, either bound may be omitted.
    case slice(lower: Expression?, upper: Expression?)
}

public struct CaseBranch: Hashable, Sendable {
    public var condition: Expression
    public var result: Expression

    public init(condition: Expression, result: Expression) {
        self.condition = condition
        self.result = result
    }
}

public enum ConditionalFunction: String, Hashable, Sendable {
    case coalesce = "COALESCE"
    case nullif = "NULLIF"
    case greatest = "GREATEST"
    case least = "LEAST"
}

public enum TrimSide: String, Hashable, Sendable {
    case both = "BOTH"
    case leading = "LEADING"
    case trailing = "TRAILING"
}

public enum ValueFunction: String, Hashable, Sendable {
    case currentDate = "CURRENT_DATE"
    case currentTime = "CURRENT_TIME"
    case currentTimestamp = "CURRENT_TIMESTAMP"
    case localTime = "LOCALTIME"
    case localTimestamp = "LOCALTIMESTAMP"
    case currentRole = "CURRENT_ROLE"
    case currentUser = "CURRENT_USER"
    case sessionUser = "SESSION_USER"
    case user = "USER"
    case currentCatalog = "CURRENT_CATALOG"
    case currentSchema = "CURRENT_SCHEMA"

    /// Whether the function takes an optional `(precision)`.
    public var takesPrecision: Bool {
        switch self {
        case .currentTime, .currentTimestamp, .localTime, .localTimestamp: true
        default: false
        }
    }
}

/// A function call with everything PostgreSQL's `func_application` and `func_expr` allow around it.
public struct FunctionCall: Hashable, Sendable {
    public var name: ObjectName
    public var arguments: [Expression]
    /// `count(*)`
    public var star: Bool
    /// `count(DISTINCT x)`
    public var distinct: Bool
    /// `string_agg(x, ',' ORDER BY y)`
    public var orderBy: [OrderItem]
    /// `percentile_cont(0.5) WITHIN GROUP (ORDER BY x)`
    public var withinGroup: [OrderItem]
    /// `count(*) FILTER (WHERE ...)`
    public var filter: Expression?
    /// `IGNORE NULLS` / `RESPECT NULLS` after the closing parenthesis (SQL:2016).
    public var nulls: NullTreatment?
    /// `OVER w` or `OVER (...)`
    public var over: WindowSpecification?

    public init(
        name: ObjectName, arguments: [Expression] = [], star: Bool = false, distinct: Bool = false,
        orderBy: [OrderItem] = [], withinGroup: [OrderItem] = [], filter: Expression? = nil,
        nulls: NullTreatment? = nil, over: WindowSpecification? = nil
    ) {
        self.name = name
        self.arguments = arguments
        self.star = star
        self.distinct = distinct
        self.orderBy = orderBy
        self.withinGroup = withinGroup
        self.filter = filter
        self.nulls = nulls
        self.over = over
    }
}

public enum NullTreatment: String, Hashable, Sendable {
    case ignore = "IGNORE NULLS"
    case respect = "RESPECT NULLS"
}
