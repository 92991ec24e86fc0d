/// A subquery used as a value (`(SELECT ...)`), a test (`EXISTS`) or a quantified comparison (`x IN (...)`,
/// `x op ANY|ALL (...)`). Inside `plan`, `.parameter(i)` is the enclosing query's value `i` (an outer
/// reference); the `.subquery` expression node carries those values as its children.
///
/// Identity is the object: two textually equal subqueries are distinct nodes.
public final class SubqueryReference: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// One column, at most one row (`21000` beyond); NULL without rows.
        case scalar
        case exists
        /// `comparison` over (operands ++ subquery row): TRUE if any row gives TRUE, else NULL if any NULL.
        case any
        /// `comparison` over (operands ++ subquery row): FALSE if any row gives FALSE, else NULL if any NULL.
        case all
    }

    public let kind: Kind
    public let plan: LogicalPlan
    /// How many leading children of the `.subquery` node are operands (the compared row); the rest are
    /// parameters.
    public let operandCount: Int
    /// For `any`/`all`: the comparison over columns `0..<operandCount` (the operands) and then the subquery's
    /// columns.
    public let comparison: BoundExpression?

    public init(kind: Kind, plan: LogicalPlan, operandCount: Int = 0, comparison: BoundExpression? = nil) {
        self.kind = kind
        self.plan = plan
        self.operandCount = operandCount
        self.comparison = comparison
    }

    /// The same subquery over another plan (after a rewrite).
    func with(plan: LogicalPlan) -> SubqueryReference {
        SubqueryReference(kind: kind, plan: plan, operandCount: operandCount, comparison: comparison)
    }

    public static func == (a: SubqueryReference, b: SubqueryReference) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    public var description: String {
        switch kind {
        case .scalar: return "(SubPlan)"
        case .exists: return "EXISTS(SubPlan)"
        case .any: return "ANY(\(comparison.map(\.description) ?? "") over SubPlan)"
        case .all: return "ALL(\(comparison.map(\.description) ?? "") over SubPlan)"
        }
    }
}

/// The rows a subquery returned (run once, or once per distinct parameter values), and the evaluation of its
/// kind over them for one outer row.
public final class SubqueryResult: Hashable, Sendable {
    public let reference: SubqueryReference
    /// At most two rows for a scalar subquery, at most one for EXISTS.
    public let rows: [[Datum]]
    /// `x = ANY` over one column: the non-NULL values, and whether a NULL was among them.
    let equalitySet: Set<RowKey>?
    let sawNull: Bool

    init(_ reference: SubqueryReference, rows: [[Datum]]) {
        self.reference = reference
        self.rows = rows
        if reference.kind == .any, reference.operandCount == 1, let comparison = reference.comparison,
            case let .function(.equal, arguments) = comparison.kind, arguments.count == 2,
            case .column(0) = arguments[0].kind, case .column(1) = arguments[1].kind
        {
            var set = Set<RowKey>()
            var null = false
            for row in rows {
                if row[0].isNull { null = true } else { set.insert(RowKey(values: [row[0]])) }
            }
            equalitySet = set
            sawNull = null
        } else {
            equalitySet = nil
            sawNull = false
        }
    }

    public static func == (a: SubqueryResult, b: SubqueryResult) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    /// The subquery's value for an outer row whose operands are `operands`.
    func value(operands: [Datum]) throws -> Datum {
        switch reference.kind {
        case .scalar:
            if rows.count > 1 {
                throw SQLError(SQLState("21000"), "more than one row returned by a subquery used as an expression")
            }
            return rows.first?[0] ?? .null
        case .exists:
            return .boolean(!rows.isEmpty)
        case .any, .all:
            if rows.isEmpty { return .boolean(reference.kind == .all) }
            if let equalitySet {
                if operands[0].isNull { return .null }
                if equalitySet.contains(RowKey(values: operands)) { return .boolean(true) }
                return sawNull ? .null : .boolean(false)
            }
            guard let comparison = reference.comparison else { return .null }
            var sawNull = false
            let decisive = reference.kind == .any
            for row in rows {
                let joined = Chunk.fromRows([operands + row], width: operands.count + row.count)
                switch try Evaluator.value(comparison, joined, 0) {
                case .boolean(let b) where b == decisive: return .boolean(decisive)
                case .null: sawNull = true
                default: break
                }
            }
            return sawNull ? .null : .boolean(!decisive)
        }
    }
}
