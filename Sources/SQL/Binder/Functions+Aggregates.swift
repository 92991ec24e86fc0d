/// Resolution of the aggregates beyond the basic ones: statistics (`stddev`, `variance`, `corr`, `covar_*`,
/// `regr_*`), bitwise (`bit_and`, `bit_or`, `bit_xor`), ordered-set (`percentile_cont`, `percentile_disc`,
/// `mode`) and `approx_count_distinct`, with PostgreSQL's argument and result types.
extension Functions {
    static let orderedSetAggregateNames: Set<String> = ["percentile_cont", "percentile_disc", "mode"]

    static let extendedAggregateNames: Set<String> = orderedSetAggregateNames.union([
        "stddev", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop", "corr", "covar_pop", "covar_samp",
        "regr_count", "regr_sxx", "regr_syy", "regr_sxy", "regr_avgx", "regr_avgy", "regr_slope", "regr_intercept",
        "regr_r2", "bit_and", "bit_or", "bit_xor", "approx_count_distinct",
    ])

    /// The statistical, bitwise and approximate aggregates (nil for another name).
    static func extendedAggregate(
        _ name: String, _ args: [BoundExpression], distinct: Bool, at position: SourcePosition
    ) throws -> BoundAggregate? {
        func fail() -> SQLError { noFunction(name, args, position) }
        func make(_ function: BoundAggregate.Function, _ arguments: [BoundExpression], _ type: SQLType)
            -> BoundAggregate
        {
            BoundAggregate(function: function, arguments: arguments, distinct: distinct, type: type)
        }
        let type = args.first?.type ?? .unknown
        switch name {
        case "stddev", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop":
            guard args.count == 1, type.isNumeric else { throw fail() }
            let function: BoundAggregate.Function =
                switch name {
                case "stddev_pop": .stddevPop
                case "variance", "var_samp": .varSamp
                case "var_pop": .varPop
                default: .stddevSamp
                }
            // Integers and numeric give numeric (exact sums, PostgreSQL's scale); real and double give double.
            return make(function, args, type.isFloat ? .double : .anyNumeric)
        case "corr", "covar_pop", "covar_samp", "regr_count", "regr_sxx", "regr_syy", "regr_sxy", "regr_avgx",
            "regr_avgy", "regr_slope", "regr_intercept", "regr_r2":
            guard let fitted = try fit(args, [.double, .double]),
                let function = BoundAggregate.Function(rawValue: name)
            else { throw fail() }
            return make(function, fitted, function == .regrCount ? .bigint : .double)
        case "bit_and", "bit_or", "bit_xor":
            guard args.count == 1, type.isInteger, let function = BoundAggregate.Function(rawValue: name) else {
                throw fail()
            }
            return make(function, args, type)
        case "approx_count_distinct":
            guard args.count == 1, !type.isNestedType else { throw fail() }
            return make(.approxCountDistinct, args, .bigint)
        case "percentile_cont", "percentile_disc", "mode":
            // Without WITHIN GROUP no signature matches (PostgreSQL's error).
            throw fail()
        default:
            return nil
        }
    }

    /// `name(direct) WITHIN GROUP (ORDER BY key)`: the direct arguments, then the key (one), typed as PostgreSQL's
    /// `percentile_cont(float8) WITHIN GROUP (ORDER BY float8)`, `percentile_disc(float8) WITHIN GROUP (ORDER BY
    /// anyelement)` and `mode() WITHIN GROUP (ORDER BY anyelement)`.
    static func orderedSetAggregate(
        _ name: String, direct: [BoundExpression], keys: [BoundExpression], at position: SourcePosition
    ) throws -> BoundAggregate {
        func fail() -> SQLError { noFunction(name, direct + keys, position) }
        guard keys.count == 1 else { throw fail() }
        var key = keys[0]
        if key.type == .unknown { key = try Operators.coerce(key, to: .text) }
        if key.type.isNestedType || direct.contains(where: { $0.type.isNestedType }) {
            if direct.contains(where: { if case .array = $0.type { true } else { false } }) {
                throw Binder.unsupported("\(name) with an array of fractions", position)
            }
            throw fail()
        }
        switch name {
        case "mode":
            guard direct.isEmpty else { throw fail() }
            return BoundAggregate(function: .mode, arguments: [key], distinct: false, type: key.type)
        case "percentile_cont", "percentile_disc":
            guard let fraction = try fit(direct, [.double]) else { throw fail() }
            if name == "percentile_disc" {
                return BoundAggregate(
                    function: .percentileDisc, arguments: fraction + [key], distinct: false, type: key.type)
            }
            if key.type == .interval { throw Binder.unsupported("percentile_cont over interval", position) }
            guard let value = try fit([key], [.double]) else { throw fail() }
            return BoundAggregate(
                function: .percentileCont, arguments: fraction + value, distinct: false, type: .double)
        default:
            throw fail()
        }
    }
}

extension BoundAggregate.Function {
    /// Whether the order of the input rows changes the result (ORDER BY inside the call is kept for these and
    /// dropped for the others, whose results do not depend on it).
    var isOrderSensitive: Bool { self == .stringAgg || self == .arrayAgg }

    var isOrderedSet: Bool { self == .percentileCont || self == .percentileDisc || self == .mode }
}

extension BoundAggregate {
    /// How many leading arguments are the call's values (or an ordered-set aggregate's direct arguments); the
    /// sort keys and the FILTER condition follow them.
    var valueCount: Int { arguments.count - ordering.count - (filtered ? 1 : 0) }

    /// `EXPLAIN`'s form of the call.
    var explainText: String {
        func list(_ expressions: ArraySlice<BoundExpression>) -> String {
            expressions.map(\.description).joined(separator: ", ")
        }
        let values = arguments.prefix(valueCount)
        let keys = zip(arguments.dropFirst(valueCount).prefix(ordering.count), ordering).map {
            "\($0)\($1.descending ? " DESC" : "")\($1.nullsFirst ? " NULLS FIRST" : " NULLS LAST")"
        }
        var text = function == .countStar ? "count(*" : function.rawValue + "("
        if function.isOrderedSet {
            text += list(values) + ") WITHIN GROUP (ORDER BY " + keys.joined(separator: ", ") + ")"
        } else {
            text += (distinct ? "DISTINCT " : "") + list(values)
            if !keys.isEmpty { text += " ORDER BY " + keys.joined(separator: ", ") }
            text += ")"
        }
        if filtered, let condition = arguments.last { text += " FILTER (WHERE \(condition))" }
        return text
    }
}
