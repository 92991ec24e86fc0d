/// Aggregates that see their input in an order: `string_agg(x, s ORDER BY k)`, `array_agg(x ORDER BY k)` and the ordered-set aggregates
/// `percentile_cont`, `percentile_disc`, `mode`. A group's input rows are collected in `rows` (reserved by the
/// hash aggregate like any growing state, and written whole when the group moves to a spill run), sorted when
/// the result is asked for.
extension Accumulator {
    /// Collects one input row (values, then sort keys) of an ordered aggregate.
    mutating func collect(_ aggregate: BoundAggregate, _ arguments: [Datum]) {
        let width = aggregate.valueCount + aggregate.ordering.count
        if aggregate.function.isOrderedSet {
            // The direct argument (the fraction) is the same for every row of a group; keep the latest.
            if aggregate.valueCount > 0 { best = arguments[0] }
            flag = true
            guard !arguments[aggregate.valueCount].isNull else { return }
            count += 1
            if rows == nil { rows = [] }
            rows?.append([arguments[aggregate.valueCount]])
            return
        }
        // `array_agg` keeps NULLs; the others skip them.
        guard let value = arguments.first, !value.isNull || aggregate.function == .arrayAgg else { return }
        if aggregate.distinct {
            if seen == nil { seen = [] }
            guard seen?.insert(value).inserted == true else { return }
        }
        count += 1
        if rows == nil { rows = [] }
        rows?.append(Array(arguments.prefix(width)))
    }

    /// Bytes collecting this row would add (0 when it is skipped).
    func collectGrowth(_ aggregate: BoundAggregate, _ arguments: [Datum]) -> Int {
        if aggregate.filtered, arguments.last != .boolean(true) { return 0 }
        if aggregate.function.isOrderedSet {
            let key = arguments[aggregate.valueCount]
            return key.isNull ? 0 : RowSize.row([key])
        }
        guard let value = arguments.first, !value.isNull || aggregate.function == .arrayAgg else { return 0 }
        var bytes = RowSize.row(Array(arguments.prefix(aggregate.valueCount + aggregate.ordering.count)))
        if aggregate.distinct {
            if seen?.contains(value) == true { return 0 }
            bytes += RowSize.datum(value) + 16
        }
        return bytes
    }

    /// The collected rows in the aggregate's order (keys after the first `offset` values), stable.
    static func sorted(_ rows: [[Datum]], by ordering: [AggregateOrdering], keysAt offset: Int) -> [[Datum]] {
        RowOrdering.stableSorted(rows) { RowOrdering.compare($0, $1, ordering, at: offset) }
    }

    /// The result of an ordered aggregate from its collected rows.
    func orderedResult(_ aggregate: BoundAggregate) throws -> Datum {
        switch aggregate.function {
        case .percentileCont, .percentileDisc:
            return try percentile(aggregate)
        case .mode:
            let values = Accumulator.sorted(rows ?? [], by: aggregate.ordering, keysAt: 0).map { $0[0] }
            var mode = Datum.null
            var modeCount = 0
            var index = 0
            while index < values.count {
                var end = index + 1
                while end < values.count, Compare.order(values[end], values[index]) == 0 { end += 1 }
                // The first value of the highest count in the sort order wins, as in PostgreSQL.
                if end - index > modeCount {
                    mode = values[index]
                    modeCount = end - index
                }
                index = end
            }
            return mode
        default:
            // Replay the sorted rows into a plain accumulation of the same aggregate.
            var plain = aggregate
            plain.arguments = Array(aggregate.arguments.prefix(aggregate.valueCount))
            plain.ordering = []
            plain.filtered = false
            plain.distinct = false
            var replay = Accumulator()
            for row in Accumulator.sorted(rows ?? [], by: aggregate.ordering, keysAt: aggregate.valueCount) {
                try replay.add(plain, Array(row.prefix(aggregate.valueCount)))
            }
            return try replay.result(plain)
        }
    }

    /// PostgreSQL's `percentile_disc_final` and `percentile_cont_float8_final`.
    private func percentile(_ aggregate: BoundAggregate) throws -> Datum {
        var fraction = best
        if flag == nil, let direct = aggregate.arguments.first, !direct.referencesColumns,
            !direct.referencesParameters
        {
            // No row at all (an aggregate without GROUP BY over no rows): the fraction is a constant.
            fraction = try Evaluator.evaluateConstant(direct)
        }
        guard case let .float(percentile) = fraction else { return .null }
        guard percentile >= 0, percentile <= 1, !percentile.isNaN else {
            throw SQLError(
                .numericValueOutOfRange, "percentile value \(Accumulator.shortG(percentile)) is not between 0 and 1")
        }
        let values = Accumulator.sorted(rows ?? [], by: aggregate.ordering, keysAt: 0).map { $0[0] }
        guard !values.isEmpty else { return .null }
        if aggregate.function == .percentileDisc {
            // The first value whose position in the order reaches the fraction.
            var row = Int((percentile * Double(values.count)).rounded(.up))
            if row < 1 { row = 1 }
            return values[min(row, values.count) - 1]
        }
        let position = percentile * Double(values.count - 1)
        let first = Int(position.rounded(.down))
        let second = Int(position.rounded(.up))
        guard case let .float(low) = values[first] else { return .null }
        if first == second { return .float(low) }
        guard case let .float(high) = values[second] else { return .null }
        return .float(low + (position - Double(first)) * (high - low))
    }

    /// C's `%g` for the fractions an error names (six significant digits, no trailing zeros).
    static func shortG(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value == value.rounded(), abs(value) < 1e6 { return String(Int64(value)) }
        return FloatFormat.shortest(value)
    }
}
