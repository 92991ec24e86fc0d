/// The result of an ordered aggregate computed from its collected rows in the aggregate's order, one row at a
/// time, so that the rows may come from memory or from a merge of sorted spill runs alike: PostgreSQL's
/// `percentile_disc_final`, `percentile_cont_float8_final` (the rows at the fraction's positions), `mode_final`
/// (the first value of the longest run of equal values) and, for `string_agg`/`array_agg`/statistics with ORDER BY
/// or DISTINCT, a replay into a plain accumulation (DISTINCT over several arguments drops a row equal to the
/// previous one: every argument is a sort key, so equal tuples are neighbours).
struct OrderedFold {
    let aggregate: BoundAggregate
    /// The rows that will come (the accumulator's count of collected rows).
    let total: Int
    private var seen = 0
    // percentile_*: the fraction and the wanted positions (0-based) with the values found there.
    private var fraction: Double?
    private var positions: (first: Int, second: Int) = (0, 0)
    private var low = Datum.null
    private var high = Datum.null
    // mode
    private var mode = Datum.null
    private var modeCount = 0
    private var run = Datum.null
    private var runCount = 0
    // replay
    private let plain: BoundAggregate
    private var replay = Accumulator()
    private var previous: ArraySlice<Datum>?

    init(_ aggregate: BoundAggregate, _ state: Accumulator) throws {
        self.aggregate = aggregate
        total = Int(state.count)
        var plain = aggregate
        plain.arguments = Array(aggregate.arguments.prefix(aggregate.valueCount))
        plain.ordering = []
        plain.filtered = false
        plain.distinct = false
        self.plain = plain
        guard aggregate.function == .percentileCont || aggregate.function == .percentileDisc else { return }
        var direct = state.best
        if state.flag == nil, let argument = aggregate.arguments.first, !argument.referencesColumns,
            !argument.referencesParameters
        {
            // No row at all (an aggregate without GROUP BY over no rows): the fraction is a constant.
            direct = try Evaluator.evaluateConstant(argument)
        }
        guard case let .float(percentile) = direct else { return }
        guard percentile >= 0, percentile <= 1, !percentile.isNaN else {
            throw SQLError(
                .numericValueOutOfRange, "percentile value \(Accumulator.shortG(percentile)) is not between 0 and 1")
        }
        fraction = percentile
        if aggregate.function == .percentileDisc {
            // The first value whose position in the order reaches the fraction.
            let row = max(1, min(Int((percentile * Double(total)).rounded(.up)), total))
            positions = (row - 1, row - 1)
        } else {
            let position = percentile * Double(max(total - 1, 0))
            positions = (Int(position.rounded(.down)), Int(position.rounded(.up)))
        }
    }

    /// A percentile has seen the rows it needs; later rows change nothing.
    var isComplete: Bool { aggregate.function.isOrderedSet && aggregate.function != .mode && seen > positions.second }

    /// The next row in the aggregate's order (a collected row: the values, then the sort keys).
    mutating func add(_ row: [Datum]) throws {
        defer { seen += 1 }
        switch aggregate.function {
        case .percentileCont, .percentileDisc:
            if seen == positions.first { low = row[0] }
            if seen == positions.second { high = row[0] }
        case .mode:
            if runCount > 0, Compare.order(row[0], run) == 0 {
                runCount += 1
            } else {
                (run, runCount) = (row[0], 1)
            }
            // The first value of the highest count in the sort order wins, as in PostgreSQL.
            if runCount > modeCount { (mode, modeCount) = (run, runCount) }
        default:
            let values = row.prefix(aggregate.valueCount)
            if aggregate.distinct, aggregate.valueCount > 1 {
                if let previous, Accumulator.sameTuple(previous, values) { return }
                previous = values
            }
            try replay.add(plain, Array(values))
        }
    }

    func result() throws -> Datum {
        switch aggregate.function {
        case .percentileDisc:
            return fraction == nil || total == 0 ? .null : low
        case .percentileCont:
            guard let fraction, total > 0, case let .float(first) = low else { return .null }
            if positions.first == positions.second { return .float(first) }
            guard case let .float(second) = high else { return .null }
            let position = fraction * Double(total - 1)
            return .float(first + (position - Double(positions.first)) * (second - first))
        case .mode:
            return mode
        default:
            return try replay.result(plain)
        }
    }
}
