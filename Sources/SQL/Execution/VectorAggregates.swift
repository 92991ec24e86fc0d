/// `count(*)`, `count`, `sum`, `avg`, `min` and `max` (without DISTINCT) over a whole batch of typed values:
/// the same state, additions in the same order and the same errors as adding the rows one by one.
extension Accumulator {
    static func batchable(_ aggregate: BoundAggregate) -> Bool {
        // FILTER, ORDER BY and the extended states (`Accumulator+Extended.swift`) go row by row.
        guard !aggregate.distinct, !aggregate.filtered, aggregate.ordering.isEmpty, !aggregate.usesExtendedState,
            aggregate.arguments.count <= 1
        else { return false }
        switch aggregate.function {
        case .countStar, .count, .sum, .avg, .min, .max: return true
        default: return false
        }
    }

    /// Adds `count` rows of the aggregate's argument `vector`; false (state unchanged) when no kernel reads it.
    mutating func addBatch(_ aggregate: BoundAggregate, _ vector: Vector?, count rows: Int) throws -> Bool {
        if aggregate.function == .countStar {
            count += Int64(rows)
            return true
        }
        guard let vector, let argumentType = aggregate.arguments.first?.type else { return false }
        switch aggregate.function {
        case .count:
            count += Int64(Accumulator.nonNullCount(vector))
            return true
        case .sum, .avg:
            if argumentType.isInteger, let values = VectorValues.ints(vector) {
                if aggregate.function == .sum, aggregate.type == .bigint {
                    try addIntegers(values)
                } else {
                    try addUnscaled(values.values.map { Int128($0) }, values.validity, scale: 0)
                }
                return true
            }
            if argumentType.isFloat, let values = VectorValues.doubles(vector) {
                for (index, value) in values.values.enumerated()
                where values.validity.map({ VectorValues.isSet($0, index) }) ?? true {
                    floatSum += value
                    count += 1
                }
                return true
            }
            if case let .numeric(.some, scale) = argumentType, numericSum.scale <= scale,
                let values = VectorValues.decimals(vector)
            {
                try addUnscaled(values.values, values.validity, scale: scale)
                return true
            }
            return false
        case .min, .max:
            guard let row = Accumulator.extreme(vector, argumentType, min: aggregate.function == .min) else {
                return false
            }
            guard row >= 0 else { return true }
            let value = vector[row]
            count += Int64(Accumulator.nonNullCount(vector))
            let order = best.isNull ? 0 : Compare.order(value, best)
            if best.isNull || (aggregate.function == .min ? order < 0 : order > 0) { best = value }
            return true
        default:
            return false
        }
    }

    /// `sum` of integers into a bigint: `22003` at the row that overflows.
    private mutating func addIntegers(_ values: DenseValues<Int64>) throws {
        var sum = intSum
        var added: Int64 = 0
        for (index, value) in values.values.enumerated()
        where values.validity.map({ VectorValues.isSet($0, index) }) ?? true {
            let (result, overflow) = sum.addingReportingOverflow(value)
            guard !overflow else { throw Cast.outOfRange(.bigint) }
            sum = result
            added += 1
        }
        intSum = sum
        count += added
    }

    /// A numeric sum of unscaled values at `scale` (not below the sum's): `0A000` past 38 digits, where adding the
    /// rows one by one fails.
    private mutating func addUnscaled(_ values: [Int128], _ validity: [UInt64]?, scale: Int) throws {
        var sum = try numericSum.rescaled(to: scale).unscaled
        var added: Int64 = 0
        for (index, value) in values.enumerated() where validity.map({ VectorValues.isSet($0, index) }) ?? true {
            let (result, overflow) = sum.addingReportingOverflow(value)
            guard !overflow, result > -SQLNumeric.limit, result < SQLNumeric.limit else { throw SQLNumeric.tooLarge() }
            sum = result
            added += 1
        }
        guard added > 0 else { return }
        numericSum = SQLNumeric(unscaled: sum, scale: scale)
        count += added
    }

    static func nonNullCount(_ vector: Vector) -> Int {
        guard let validity = VectorValues.validity(vector) else { return vector.count }
        return validity.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    /// The row of the batch's first least (or greatest) non-null value, -1 when every row is NULL, nil when no
    /// kernel reads the vector.
    static func extreme(_ vector: Vector, _ type: SQLType, min: Bool) -> Int? {
        guard let kind = KernelKind(type) else { return nil }
        switch kind {
        case .integer:
            guard let values = VectorValues.ints(vector) else { return nil }
            return bestRow(values.values.count, values.validity) { a, b in
                min ? values.values[a] < values.values[b] : values.values[a] > values.values[b]
            }
        case .float:
            guard let values = VectorValues.doubles(vector) else { return nil }
            return bestRow(values.values.count, values.validity) { a, b in
                let order = VectorKernels.order(values.values[a], values.values[b])
                return min ? order < 0 : order > 0
            }
        case .decimal:
            guard let values = VectorValues.decimals(vector) else { return nil }
            return bestRow(values.values.count, values.validity) { a, b in
                min ? values.values[a] < values.values[b] : values.values[a] > values.values[b]
            }
        case .text:
            guard let text = VectorValues.text(vector) else { return nil }
            return text.data.withUnsafeBufferPointer { data in
                bestRow(text.count, text.validity) { a, b in
                    let (p, q) = (text.selection?[a] ?? a, text.selection?[b] ?? b)
                    let order = VectorKernels.order(
                        data, Int(text.offsets[p]), Int(text.offsets[p + 1]), data, Int(text.offsets[q]),
                        Int(text.offsets[q + 1]))
                    return min ? order < 0 : order > 0
                }
            }
        }
    }

    /// The first valid row no later row `better`s, -1 when none is valid.
    private static func bestRow(_ count: Int, _ validity: [UInt64]?, _ better: (Int, Int) -> Bool) -> Int {
        var found = -1
        for row in 0..<count where validity.map({ VectorValues.isSet($0, row) }) ?? true {
            if found < 0 || better(row, found) { found = row }
        }
        return found
    }
}

extension AggregationTable {
    /// Adds a chunk to the single group of an aggregate without GROUP BY through the batch kernels; false (nothing
    /// added) when an aggregate has none, and the caller adds the rows one by one.
    func addUngroupedBatch(_ chunk: Chunk) throws -> Bool {
        guard ungrouped, aggregates.allSatisfy(Accumulator.batchable) else { return false }
        var updated = states[0]
        for (index, aggregate) in aggregates.enumerated() {
            let argument = try aggregate.arguments.first.map { try VectorEvaluator.evaluate($0, chunk) }
            guard try updated[index].addBatch(aggregate, argument, count: chunk.count) else { return false }
        }
        states[0] = updated
        return true
    }
}
