/// A resolved, typed expression over the columns of an operator's input (column `i` is the input's `i`th
/// column). Positions never take part in equality, so the binder matches GROUP BY and ORDER BY expressions
/// structurally.
public struct BoundExpression: Hashable, Sendable, CustomStringConvertible {
    public indirect enum Kind: Hashable, Sendable {
        case column(Int)
        case literal(Datum)
        /// Conversion of the operand to this expression's type.
        case cast(BoundExpression)
        /// Field `index` of a struct operand.
        case field(BoundExpression, Int)
        case function(ScalarFunction, [BoundExpression])
        case and([BoundExpression])
        case or([BoundExpression])
        case not(BoundExpression)
        case isNull(BoundExpression, negated: Bool)
        case isDistinct(BoundExpression, BoundExpression, negated: Bool)
        /// Searched CASE: conditions and results, then the ELSE result (NULL when absent).
        case caseWhen([BoundExpression], [BoundExpression], otherwise: BoundExpression?)
        case inList(BoundExpression, [BoundExpression], negated: Bool)
        case like(
            BoundExpression, pattern: BoundExpression, escape: BoundExpression?, caseInsensitive: Bool,
            negated: Bool)
        case coalesce([BoundExpression])
        /// An aggregate's result while the binder still works on the pre-aggregation scope.
        case aggregate(Int)
        /// Inside a subquery: the enclosing query's value `i` (an outer reference; `Subquery.swift`).
        case parameter(Int)
        /// A subquery: its operands (the compared row of IN/ANY/ALL), then its parameters' values.
        case subquery(SubqueryReference, [BoundExpression])
        /// A subquery already run (uncorrelated), over its operands.
        case subqueryResult(SubqueryResult, [BoundExpression])
        /// A window function's result while the binder still works on the window's input scope.
        case window(Int)
    }

    public var kind: Kind
    public var type: SQLType
    public var position: SourcePosition

    public init(_ kind: Kind, _ type: SQLType, at position: SourcePosition = .none) {
        self.kind = kind
        self.type = type
        self.position = position
    }

    static func literal(_ datum: Datum, _ type: SQLType) -> BoundExpression {
        BoundExpression(.literal(datum), type)
    }

    /// The direct operands.
    var children: [BoundExpression] {
        switch kind {
        case .column, .literal, .aggregate, .parameter, .window: return []
        case let .subquery(_, args), let .subqueryResult(_, args): return args
        case let .cast(e), let .field(e, _), let .not(e), let .isNull(e, _): return [e]
        case let .function(_, args), let .and(args), let .or(args), let .coalesce(args): return args
        case let .isDistinct(a, b, _): return [a, b]
        case let .caseWhen(conditions, results, otherwise):
            return conditions + results + (otherwise.map { [$0] } ?? [])
        case let .inList(e, list, _): return [e] + list
        case let .like(e, pattern, escape, _, _): return [e, pattern] + (escape.map { [$0] } ?? [])
        }
    }

    /// This expression with each operand replaced by `transform(operand)` (one level).
    func mapChildren(_ transform: (BoundExpression) throws -> BoundExpression) rethrows -> BoundExpression {
        var copy = self
        switch kind {
        case .column, .literal, .aggregate, .parameter, .window: return self
        case let .subquery(s, args): copy.kind = .subquery(s, try args.map(transform))
        case let .subqueryResult(s, args): copy.kind = .subqueryResult(s, try args.map(transform))
        case let .cast(e): copy.kind = .cast(try transform(e))
        case let .field(e, i): copy.kind = .field(try transform(e), i)
        case let .not(e): copy.kind = .not(try transform(e))
        case let .isNull(e, n): copy.kind = .isNull(try transform(e), negated: n)
        case let .function(f, args): copy.kind = .function(f, try args.map(transform))
        case let .and(args): copy.kind = .and(try args.map(transform))
        case let .or(args): copy.kind = .or(try args.map(transform))
        case let .coalesce(args): copy.kind = .coalesce(try args.map(transform))
        case let .isDistinct(a, b, n): copy.kind = .isDistinct(try transform(a), try transform(b), negated: n)
        case let .caseWhen(conditions, results, otherwise):
            copy.kind = .caseWhen(
                try conditions.map(transform), try results.map(transform), otherwise: try otherwise.map(transform))
        case let .inList(e, list, n): copy.kind = .inList(try transform(e), try list.map(transform), negated: n)
        case let .like(e, p, esc, ci, n):
            copy.kind = .like(
                try transform(e), pattern: try transform(p), escape: try esc.map(transform), caseInsensitive: ci,
                negated: n)
        }
        return copy
    }

    /// Whether any node satisfies `predicate`.
    func contains(where predicate: (BoundExpression) -> Bool) -> Bool {
        predicate(self) || children.contains { $0.contains(where: predicate) }
    }

    public var description: String {
        switch kind {
        case let .column(i): return "#\(i)"
        case let .literal(d): return d.text(as: type).map { "'\($0)'::\(type)" } ?? "NULL::\(type)"
        case let .cast(e): return "CAST(\(e) AS \(type))"
        case let .field(e, i): return "(\(e)).f\(i)"
        case let .function(f, args): return "\(f)(" + args.map(\.description).joined(separator: ", ") + ")"
        case let .and(args): return "(" + args.map(\.description).joined(separator: " AND ") + ")"
        case let .or(args): return "(" + args.map(\.description).joined(separator: " OR ") + ")"
        case let .not(e): return "NOT \(e)"
        case let .isNull(e, n): return "(\(e) IS \(n ? "NOT " : "")NULL)"
        case let .isDistinct(a, b, n): return "(\(a) IS \(n ? "NOT " : "")DISTINCT FROM \(b))"
        case let .caseWhen(c, r, o):
            let branches = zip(c, r).map { "WHEN \($0) THEN \($1)" }.joined(separator: " ")
            return "CASE \(branches)" + (o.map { " ELSE \($0)" } ?? "") + " END"
        case let .inList(e, list, n):
            return "(\(e) \(n ? "NOT " : "")IN (" + list.map(\.description).joined(separator: ", ") + "))"
        case let .like(e, p, _, ci, n): return "(\(e) \(n ? "NOT " : "")\(ci ? "ILIKE" : "LIKE") \(p))"
        case let .coalesce(args): return "COALESCE(" + args.map(\.description).joined(separator: ", ") + ")"
        case let .aggregate(i): return "agg#\(i)"
        case let .parameter(i): return "$outer\(i)"
        case let .subquery(s, args):
            return "\(s)" + (args.isEmpty ? "" : "[" + args.map(\.description).joined(separator: ", ") + "]")
        case let .subqueryResult(r, args):
            return "\(r.reference)" + (args.isEmpty ? "" : "[" + args.map(\.description).joined(separator: ", ") + "]")
        case let .window(i): return "win#\(i)"
        }
    }
}

/// The scalar operations the engine evaluates.
public enum ScalarFunction: Hashable, Sendable {
    case add, subtract, multiply, divide, modulo, negate
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
    /// `||` (NULL if either side is NULL)
    case concatOperator
    /// `concat(...)` (NULL arguments ignored)
    case concat
    case nullif, greatest, least
    case length, lower, upper, substring, position, trim(TrimSide), replace, left, right, splitPart, startsWith
    case abs, round, ceil, floor, sqrt, power, mod, trunc
    case dateTrunc
    /// `extract(field FROM x)` (numeric) or `date_part('field', x)` (double precision).
    case extract(String, asDouble: Bool)
    /// Interval, time and time zone operations and the date/time functions.
    case dateTime(DateTimeFunction)
    /// String functions (`Functions+Strings.swift`).
    case string(StringFunction)
    /// Math functions (`Functions+Math.swift`).
    case math(MathFunction)
    /// Regular expressions and SIMILAR TO (`Functions+Regex.swift`).
    case regex(RegexFunction)
    /// JSON access (`Functions+JSON.swift`).
    case json(JSONFunction)
    /// Array and row constructors, subscripts and the array functions (`ArrayKernels`).
    case array(ArrayFunction)
    /// A set-returning function in a SELECT list; the binder turns it into a `tableFunction` node's column.
    case setReturning(SetFunction)
    /// Catalog functions and the `reg*` types (`Functions+Catalog.swift`).
    case catalog(CatalogFunction)
}

/// An aggregate call, its argument bound over the aggregate's input.
public struct BoundAggregate: Hashable, Sendable {
    public enum Function: String, Hashable, Sendable {
        case countStar = "count(*)"
        case count, sum, avg, min, max
        case boolAnd = "bool_and"
        case boolOr = "bool_or"
        case stringAgg = "string_agg"
        case arrayAgg = "array_agg"
        // Statistical, bitwise, ordered-set and approximate aggregates (`Binder/Functions+Aggregates.swift`).
        case stddevSamp = "stddev_samp"
        case stddevPop = "stddev_pop"
        case varSamp = "var_samp"
        case varPop = "var_pop"
        case corr
        case covarPop = "covar_pop"
        case covarSamp = "covar_samp"
        case regrCount = "regr_count"
        case regrSxx = "regr_sxx"
        case regrSyy = "regr_syy"
        case regrSxy = "regr_sxy"
        case regrAvgx = "regr_avgx"
        case regrAvgy = "regr_avgy"
        case regrSlope = "regr_slope"
        case regrIntercept = "regr_intercept"
        case regrR2 = "regr_r2"
        case bitAnd = "bit_and"
        case bitOr = "bit_or"
        case bitXor = "bit_xor"
        case percentileCont = "percentile_cont"
        case percentileDisc = "percentile_disc"
        case mode
        case approxCountDistinct = "approx_count_distinct"
        /// `GROUPING(...)`: replaced by each grouping set's bit mask, never accumulated.
        case grouping
    }

    public var function: Function
    /// The call's values (an ordered-set aggregate's direct arguments), then its `ORDER BY` / `WITHIN GROUP`
    /// keys (`ordering`), then its `FILTER` condition (`filtered`).
    public var arguments: [BoundExpression]
    public var distinct: Bool
    public var type: SQLType
    public var ordering: [AggregateOrdering] = []
    public var filtered = false
}
