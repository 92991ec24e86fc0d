/// The aggregates whose state goes beyond the basic sums: those with ORDER BY inside the call and the
/// ordered-set ones (collected rows), the statistical ones (moments), the bitwise ones (`best`) and
/// `approx_count_distinct` (a sketch).
extension BoundAggregate {
    var usesExtendedState: Bool {
        if !ordering.isEmpty || function.isStatistic || function.isOrderedSet { return true }
        switch function {
        case .bitAnd, .bitOr, .bitXor, .approxCountDistinct: return true
        default: return false
        }
    }
}

extension Accumulator {
    mutating func addExtended(_ aggregate: BoundAggregate, _ arguments: [Datum]) throws {
        if !aggregate.ordering.isEmpty { return collect(aggregate, arguments) }
        guard let value = arguments.first, !value.isNull else { return }
        if aggregate.distinct {
            if seen == nil { seen = [] }
            guard seen?.insert(value).inserted == true else { return }
        }
        switch aggregate.function {
        case .bitAnd, .bitOr, .bitXor:
            guard case let .int(bits) = value else { return }
            count += 1
            guard case let .int(current) = best else {
                best = .int(bits)
                return
            }
            switch aggregate.function {
            case .bitAnd: best = .int(current & bits)
            case .bitOr: best = .int(current | bits)
            default: best = .int(current ^ bits)
            }
        case .approxCountDistinct:
            count += 1
            HyperLogLog.add(value, to: &sketch)
        default:
            try addStatistic(aggregate, arguments)
        }
    }

    func extendedResult(_ aggregate: BoundAggregate) throws -> Datum {
        if !aggregate.ordering.isEmpty { return try orderedResult(aggregate) }
        switch aggregate.function {
        case .bitAnd, .bitOr, .bitXor: return best
        case .approxCountDistinct: return .int(HyperLogLog.estimate(sketch))
        default: return try statisticResult(aggregate)
        }
    }

    /// Bytes adding this row would add to the state (collected rows, DISTINCT values, a new sketch).
    func extendedGrowth(_ aggregate: BoundAggregate, _ arguments: [Datum]) -> Int {
        if !aggregate.ordering.isEmpty { return collectGrowth(aggregate, arguments) }
        if aggregate.filtered, arguments.last != .boolean(true) { return 0 }
        guard let value = arguments.first, !value.isNull else { return 0 }
        var bytes = 0
        if aggregate.distinct, seen?.contains(value) != true { bytes += RowSize.datum(value) + 16 }
        if aggregate.function == .approxCountDistinct, sketch == nil {
            bytes += HyperLogLog.registerCount + RowSize.arrayOverhead
        }
        return bytes
    }
}
