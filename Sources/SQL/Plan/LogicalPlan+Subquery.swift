/// The joins subqueries become.
public enum SemiJoinKind: String, Hashable, Sendable {
    /// Left rows with a matching right row (EXISTS, IN in WHERE).
    case semi = "Semi"
    /// Left rows without a matching right row (NOT EXISTS).
    case anti = "Anti"
    /// Left columns + TRUE if some matching row makes `mark` TRUE, else NULL if some makes it NULL, else FALSE.
    case markAny = "Mark ANY"
    /// Left columns + FALSE if some matching row makes `mark` FALSE, else NULL if some makes it NULL, else TRUE.
    case markAll = "Mark ALL"
}

/// Bounds on a `WITH RECURSIVE` query, so that a missing termination condition is an error, not a hang.
public struct RecursionLimits: Hashable, Sendable {
    /// Iterations of the recursive term.
    public var maxIterations: Int
    /// Rows produced in total.
    public var maxRows: Int

    public init(maxIterations: Int = 100_000, maxRows: Int = 10_000_000) {
        self.maxIterations = maxIterations
        self.maxRows = maxRows
    }
}

extension LogicalPlan {
    /// The `EXPLAIN` line of the subquery nodes.
    var explainSubqueryNode: String {
        func list(_ expressions: [BoundExpression]) -> String { expressions.map(\.description).joined(separator: ", ") }
        switch node {
        case let .semiJoin(_, _, kind, keys, residual, mark):
            var line = "\(keys.isEmpty ? "NestedLoop" : "Hash")Join \(kind.rawValue)"
            if !keys.isEmpty { line += " keys: " + keys.map { "\($0.0) = \($0.1)" }.joined(separator: ", ") }
            if let residual { line += " filter: \(residual)" }
            if let mark { line += " mark: \(mark)" }
            return line
        case let .apply(_, subquery, operands, parameters):
            var line = "Apply \(subquery) per row"
            if !operands.isEmpty { line += " operands: [\(list(operands))]" }
            return line + " parameters: [\(list(parameters))]"
        case let .lateralJoin(_, _, parameters, leftOuter, condition):
            var line = "LateralJoin \(leftOuter ? "Left" : "Inner") per row parameters: [\(list(parameters))]"
            if let condition { line += " filter: \(condition)" }
            return line
        case let .recursiveUnion(name, _, _, all, _, _):
            return "RecursiveUnion\(all ? " ALL" : "") \(name)"
        case let .workTable(name, _):
            return "WorkTableScan \(name)"
        default:
            return ""
        }
    }

    /// The plans of the subqueries in this node's expressions, inserted below its line.
    func explainSubplans(into lines: inout [String], at index: Int, depth: Int) {
        var references: [SubqueryReference] = []
        func collect(_ expression: BoundExpression) {
            if case let .subquery(reference, _) = expression.kind, !references.contains(reference) {
                references.append(reference)
            }
            if case let .subqueryResult(result, _) = expression.kind, !references.contains(result.reference) {
                references.append(result.reference)
            }
            expression.children.forEach(collect)
        }
        expressions.forEach(collect)
        if case let .apply(_, reference, _, _) = node { references.append(reference) }
        guard !references.isEmpty else { return }
        var extra: [String] = []
        let indent = String(repeating: "  ", count: depth + 1)
        for reference in references {
            extra.append("\(indent)SubPlan \(reference)")
            reference.plan.explain(into: &extra, depth: depth + 2)
        }
        lines.insert(contentsOf: extra, at: min(index, lines.count))
    }
}
