/// Aggregates that see their input in an order: `string_agg(x, s ORDER BY k)`, `array_agg(x ORDER BY k)` and the ordered-set aggregates
/// `percentile_cont`, `percentile_disc`, `mode`. A group's input rows are collected in `rows` (reserved by the
/// hash aggregate like any growing state, and written whole when the group moves to a spill run), sorted when
/// the result is asked for. DISTINCT over several arguments sorts by all of them and drops repeated tuples there
/// (identical ones already when collected).
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
            guard seen?.insert(Accumulator.distinctKey(aggregate, arguments)).inserted == true else { return }
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
            let key = Accumulator.distinctKey(aggregate, arguments)
            if seen?.contains(key) == true { return 0 }
            bytes += RowSize.datum(key) + 16
        }
        return bytes
    }

    /// What a DISTINCT aggregate's `seen` holds for a row: its value, or over several arguments the tuple's
    /// encoding, which drops byte-identical repeats early (so a group's rows stay as few as its distinct tuples);
    /// tuples equal but not identical (`1.0` and `1.00`) meet after the sort (`OrderedFold`).
    static func distinctKey(_ aggregate: BoundAggregate, _ arguments: [Datum]) -> Datum {
        guard aggregate.valueCount > 1 else { return arguments[0] }
        return .bytes(RowCodec.encode([Array(arguments.prefix(aggregate.valueCount))], width: aggregate.valueCount))
    }

    /// The collected rows in the aggregate's order (keys after the first `offset` values), stable.
    static func sorted(_ rows: [[Datum]], by ordering: [AggregateOrdering], keysAt offset: Int) -> [[Datum]] {
        RowOrdering.stableSorted(rows) { RowOrdering.compare($0, $1, ordering, at: offset) }
    }

    /// Where the sort keys start in a collected row: after the values (an ordered-set aggregate's rows are its key).
    static func keyOffset(_ aggregate: BoundAggregate) -> Int {
        aggregate.function.isOrderedSet ? 0 : aggregate.valueCount
    }

    /// The result of an ordered aggregate from its collected rows.
    func orderedResult(_ aggregate: BoundAggregate) throws -> Datum {
        var fold = try OrderedFold(aggregate, self)
        let offset = Accumulator.keyOffset(aggregate)
        for row in Accumulator.sorted(rows ?? [], by: aggregate.ordering, keysAt: offset) where !fold.isComplete {
            try fold.add(row)
        }
        return try fold.result()
    }

    /// Whether two argument tuples are equal as the sort sees them (NULLs equal to each other).
    static func sameTuple(_ a: ArraySlice<Datum>, _ b: ArraySlice<Datum>) -> Bool {
        zip(a, b).allSatisfy { x, y in x.isNull || y.isNull ? x.isNull && y.isNull : Compare.order(x, y) == 0 }
    }

    /// C's `%g` for the fractions an error names (six significant digits, no trailing zeros).
    static func shortG(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value == value.rounded(), abs(value) < 1e6 { return String(Int64(value)) }
        return FloatFormat.shortest(value)
    }
}
