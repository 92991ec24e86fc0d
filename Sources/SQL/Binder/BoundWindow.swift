/// A window function call, its expressions bound over the window node's input.
public struct BoundWindowFunction: Hashable, Sendable {
    public enum Function: Hashable, Sendable {
        case rowNumber, rank, denseRank, percentRank, cumeDist, ntile
        case lag, lead, firstValue, lastValue, nthValue
        /// An aggregate over the frame (its arguments are `arguments`).
        case aggregate(BoundAggregate.Function)

        /// Whether the result depends on the frame (else only on the partition and the peers).
        var usesFrame: Bool {
            switch self {
            case .firstValue, .lastValue, .nthValue, .aggregate: true
            default: false
            }
        }

        var name: String {
            switch self {
            case .rowNumber: "row_number"
            case .rank: "rank"
            case .denseRank: "dense_rank"
            case .percentRank: "percent_rank"
            case .cumeDist: "cume_dist"
            case .ntile: "ntile"
            case .lag: "lag"
            case .lead: "lead"
            case .firstValue: "first_value"
            case .lastValue: "last_value"
            case .nthValue: "nth_value"
            case let .aggregate(function): function == .countStar ? "count(*)" : function.rawValue
            }
        }
    }

    public var function: Function
    public var arguments: [BoundExpression]
    /// `FILTER (WHERE ...)` of an aggregate.
    public var filter: BoundExpression?
    /// `IGNORE NULLS` (DuckDB's semantics) on lag, lead, first_value, last_value, nth_value.
    public var ignoreNulls: Bool
    public var window: BoundWindow
    public var type: SQLType

    /// The aggregate this call computes, for the shared `Accumulator`.
    var aggregate: BoundAggregate? {
        guard case let .aggregate(function) = function else { return nil }
        return BoundAggregate(function: function, arguments: arguments, distinct: false, type: type)
    }

    /// Every expression of this call: arguments, filter, partition and order keys.
    var expressions: [BoundExpression] {
        arguments + (filter.map { [$0] } ?? []) + window.partitionBy + window.orderBy.map(\.expression)
    }

    /// This call with every expression rewritten by `transform` (frame offsets are constants and stay).
    func mapExpressions(_ transform: (BoundExpression) throws -> BoundExpression) rethrows -> BoundWindowFunction {
        var copy = self
        copy.arguments = try arguments.map(transform)
        copy.filter = try filter.map(transform)
        copy.window.partitionBy = try window.partitionBy.map(transform)
        copy.window.orderBy = try window.orderBy.map {
            SortKey(expression: try transform($0.expression), descending: $0.descending, nullsFirst: $0.nullsFirst)
        }
        return copy
    }

    public var description: String {
        var text = function.name + "(" + arguments.map(\.description).joined(separator: ", ") + ")"
        if ignoreNulls { text += " IGNORE NULLS" }
        if let filter { text += " FILTER (WHERE \(filter))" }
        return text + " OVER (\(window))"
    }
}

/// `PARTITION BY ... ORDER BY ... frame`, bound.
public struct BoundWindow: Hashable, Sendable, CustomStringConvertible {
    public var partitionBy: [BoundExpression]
    public var orderBy: [SortKey]
    public var frame: BoundFrame

    public var description: String {
        var parts: [String] = []
        if !partitionBy.isEmpty {
            parts.append("PARTITION BY " + partitionBy.map(\.description).joined(separator: ", "))
        }
        if !orderBy.isEmpty {
            parts.append(
                "ORDER BY "
                    + orderBy.map {
                        "\($0.expression)\($0.descending ? " DESC" : "")\($0.nullsFirst ? " NULLS FIRST" : " NULLS LAST")"
                    }.joined(separator: ", "))
        }
        parts.append(frame.description)
        return parts.joined(separator: " ")
    }
}

/// A frame with its offsets bound (constants: ROWS and GROUPS offsets bigint, RANGE offsets of the ORDER BY
/// key's family) and PostgreSQL's default filled in (`RANGE UNBOUNDED PRECEDING` to `CURRENT ROW`).
public struct BoundFrame: Hashable, Sendable, CustomStringConvertible {
    public enum Bound: Hashable, Sendable {
        case unboundedPreceding
        case preceding(BoundExpression)
        case currentRow
        case following(BoundExpression)
        case unboundedFollowing

        var text: String {
            switch self {
            case .unboundedPreceding: "UNBOUNDED PRECEDING"
            case let .preceding(e): "\(e) PRECEDING"
            case .currentRow: "CURRENT ROW"
            case let .following(e): "\(e) FOLLOWING"
            case .unboundedFollowing: "UNBOUNDED FOLLOWING"
            }
        }
    }

    public var units: WindowFrame.Units
    public var start: Bound
    public var end: Bound
    /// nil for `EXCLUDE NO OTHERS`.
    public var exclusion: WindowFrame.Exclusion?

    static let standard = BoundFrame(units: .range, start: .unboundedPreceding, end: .currentRow, exclusion: nil)

    public var description: String {
        "\(units.rawValue) BETWEEN \(start.text) AND \(end.text)" + (exclusion.map { " \($0.rawValue)" } ?? "")
    }
}

enum WindowFunctionNames {
    /// Functions that exist only as window functions (`42809` without `OVER`).
    static let windowOnly: Set<String> = [
        "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value",
        "last_value", "nth_value",
    ]
}
