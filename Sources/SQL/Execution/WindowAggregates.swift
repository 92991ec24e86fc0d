/// Aggregates over window frames, by the cheapest method the frame allows:
/// - `count` and integer `sum`/`avg`: prefix counts and sums in `Int64`, O(1) per frame range (any frame,
///   any exclusion);
/// - the whole partition as the frame: one accumulation per partition;
/// - frames starting at the partition's start: a running accumulation as the end moves forward (exactly
///   PostgreSQL's order of additions, so float sums match it);
/// - sliding `min`/`max`: a monotone deque (O(n));
/// - everything else (float and numeric sliding sums, `bool_and`/`bool_or`, exclusions): a segment tree of
///   accumulators, O(log n) per frame range; `string_agg` over sliding frames is concatenated per row.
enum WindowAggregates {
    static func compute(
        _ function: BoundWindowFunction, _ aggregate: BoundAggregate, _ arguments: [[Datum]], _ filter: [Datum]?,
        _ layout: WindowLayout, _ bounds: FrameBounds
    ) throws -> [Datum] {
        let frame = function.window.frame
        let permutation = layout.permutation
        // Whether input row `row` takes part (FILTER).
        let included: (Int) -> Bool = { row in
            guard let filter else { return true }
            if case .boolean(true) = filter[row] { return true }
            return false
        }
        if let prefix = try PrefixSums(aggregate, arguments, included, layout) {
            return try prefix.results(aggregate, layout, bounds, frame.exclusion)
        }
        var out = [Datum](repeating: .null, count: layout.count)
        func add(_ accumulator: inout Accumulator, _ position: Int) throws {
            let row = permutation[position]
            guard included(row) else { return }
            try accumulator.add(aggregate, arguments.map { $0[row] })
        }
        let wholePartition: Bool
        switch (frame.start, frame.end) {
        case (.unboundedPreceding, .unboundedFollowing): wholePartition = frame.exclusion == nil
        case (.unboundedPreceding, .currentRow):
            wholePartition = frame.exclusion == nil && frame.units != .rows && function.window.orderBy.isEmpty
        default: wholePartition = false
        }
        if wholePartition {
            for partition in layout.partitions {
                var accumulator = Accumulator()
                for k in partition { try add(&accumulator, k) }
                let result = try accumulator.result(aggregate)
                for k in partition { out[k] = result }
            }
            return out
        }
        if case .unboundedPreceding = frame.start, frame.exclusion == nil {
            for partition in layout.partitions {
                var accumulator = Accumulator()
                var next = partition.lowerBound
                var result = try accumulator.result(aggregate)
                for k in partition {
                    if bounds.ends[k] > next || k == partition.lowerBound {
                        while next < bounds.ends[k] {
                            try add(&accumulator, next)
                            next += 1
                        }
                        result = try accumulator.result(aggregate)
                    }
                    out[k] = result
                }
            }
            return out
        }
        if aggregate.function == .min || aggregate.function == .max, frame.exclusion == nil {
            return try slidingExtreme(aggregate, arguments[0], included, layout, bounds)
        }
        if aggregate.function == .stringAgg || aggregate.function == .arrayAgg || aggregate.usesExtendedState {
            for partition in layout.partitions {
                for k in partition {
                    var accumulator = Accumulator()
                    for range in FrameRanges.of(bounds.starts[k], bounds.ends[k], k, frame.exclusion, layout).ranges {
                        for position in range { try add(&accumulator, position) }
                    }
                    out[k] = try accumulator.result(aggregate)
                }
            }
            return out
        }
        for partition in layout.partitions {
            var leaves: [Accumulator] = []
            leaves.reserveCapacity(partition.count)
            for k in partition {
                var accumulator = Accumulator()
                try add(&accumulator, k)
                leaves.append(accumulator)
            }
            let tree = try SegmentTree(leaves, aggregate)
            for k in partition {
                var accumulator = Accumulator()
                for range in FrameRanges.of(bounds.starts[k], bounds.ends[k], k, frame.exclusion, layout).ranges
                where !range.isEmpty {
                    try accumulator.merge(
                        try tree.query(
                            range.lowerBound - partition.lowerBound, range.upperBound - partition.lowerBound),
                        aggregate)
                }
                out[k] = try accumulator.result(aggregate)
            }
        }
        return out
    }

    /// Sliding min/max with a monotone deque of candidate positions (frame starts and ends only move forward).
    static func slidingExtreme(
        _ aggregate: BoundAggregate, _ values: [Datum], _ included: (Int) -> Bool, _ layout: WindowLayout,
        _ bounds: FrameBounds
    ) throws -> [Datum] {
        let permutation = layout.permutation
        let wantMin = aggregate.function == .min
        let key = KeyColumn(permutation.map { included($0) ? values[$0] : .null })
        var out = [Datum](repeating: .null, count: layout.count)
        var deque = [Int](repeating: 0, count: layout.count)
        for partition in layout.partitions {
            var head = 0
            var tail = 0
            var next = partition.lowerBound
            for k in partition {
                let (start, end) = (bounds.starts[k], bounds.ends[k])
                while next < end {
                    if !key.isNull(next) {
                        while tail > head {
                            let order = key.compare(deque[tail - 1], next)
                            if wantMin ? order > 0 : order < 0 { tail -= 1 } else { break }
                        }
                        deque[tail] = next
                        tail += 1
                    }
                    next += 1
                }
                while tail > head, deque[head] < start { head += 1 }
                if tail > head, start < end { out[k] = values[permutation[deque[head]]] }
            }
        }
        return out
    }
}

/// Prefix counts and integer sums for `count`, `count(*)` and `sum`/`avg` over integer arguments.
struct PrefixSums {
    var counts: [Int]
    var sums: [Int64]

    /// nil when the aggregate is of another kind, or the sums could leave the range where differences are exact.
    init?(
        _ aggregate: BoundAggregate, _ arguments: [[Datum]], _ included: (Int) -> Bool, _ layout: WindowLayout
    ) throws {
        let summing: Bool
        switch aggregate.function {
        case .count, .countStar: summing = false
        case .sum, .avg: summing = true
        default: return nil
        }
        if summing, !(aggregate.arguments.first?.type.isInteger ?? false) { return nil }
        let count = layout.count
        counts = [Int](repeating: 0, count: count + 1)
        sums = summing ? [Int64](repeating: 0, count: count + 1) : []
        let limit = Int64(1) << 62
        let values = arguments.first
        for k in 0..<count {
            let row = layout.permutation[k]
            var present = included(row)
            var value: Int64 = 0
            if present, let values {
                switch values[row] {
                case .null: present = false
                case let .int(v): value = v
                default: if summing { return nil }
                }
            }
            counts[k + 1] = counts[k] + (present ? 1 : 0)
            if summing {
                let (sum, overflow) = sums[k].addingReportingOverflow(present ? value : 0)
                if overflow || sum >= limit || sum <= -limit { return nil }
                sums[k + 1] = sum
            }
        }
    }

    func results(
        _ aggregate: BoundAggregate, _ layout: WindowLayout, _ bounds: FrameBounds,
        _ exclusion: WindowFrame.Exclusion?
    ) throws -> [Datum] {
        var out = [Datum](repeating: .null, count: layout.count)
        var previous: (start: Int, end: Int, result: Datum)?
        for k in 0..<layout.count {
            let (start, end) = (bounds.starts[k], bounds.ends[k])
            if exclusion == nil, let previous, previous.start == start, previous.end == end {
                out[k] = previous.result
                continue
            }
            var count = 0
            var sum: Int64 = 0
            for range in FrameRanges.of(start, end, k, exclusion, layout).ranges where !range.isEmpty {
                count += counts[range.upperBound] - counts[range.lowerBound]
                if !sums.isEmpty { sum &+= sums[range.upperBound] &- sums[range.lowerBound] }
            }
            let result: Datum
            switch aggregate.function {
            case .count, .countStar: result = .int(Int64(count))
            case .sum:
                if count == 0 {
                    result = .null
                } else if aggregate.type == .bigint {
                    result = .int(sum)
                } else {
                    result = .numeric(SQLNumeric(sum))
                }
            default:
                result = count == 0 ? .null : .numeric(try SQLNumeric(sum) / SQLNumeric(Int64(count)))
            }
            out[k] = result
            previous = (start, end, result)
        }
        return out
    }
}

/// A bottom-up segment tree of accumulators over one partition.
struct SegmentTree {
    var nodes: [Accumulator]
    let size: Int
    let aggregate: BoundAggregate

    init(_ leaves: [Accumulator], _ aggregate: BoundAggregate) throws {
        size = leaves.count
        self.aggregate = aggregate
        nodes = [Accumulator](repeating: Accumulator(), count: size) + leaves
        var index = size - 1
        while index > 0 {
            var node = nodes[2 * index]
            try node.merge(nodes[2 * index + 1], aggregate)
            nodes[index] = node
            index -= 1
        }
    }

    /// The accumulation of leaves `[lower, upper)`.
    func query(_ lower: Int, _ upper: Int) throws -> Accumulator {
        var left = Accumulator()
        var right = Accumulator()
        var l = lower + size
        var r = upper + size
        while l < r {
            if l & 1 == 1 {
                try left.merge(nodes[l], aggregate)
                l += 1
            }
            if r & 1 == 1 {
                r -= 1
                var combined = nodes[r]
                try combined.merge(right, aggregate)
                right = combined
            }
            l >>= 1
            r >>= 1
        }
        try left.merge(right, aggregate)
        return left
    }
}

extension Accumulator {
    /// Adds another accumulation of the same aggregate (not for `string_agg`, whose separators are per value).
    mutating func merge(_ other: Accumulator, _ aggregate: BoundAggregate) throws {
        guard other.count > 0 else { return }
        count += other.count
        let (sum, overflow) = intSum.addingReportingOverflow(other.intSum)
        guard !overflow else { throw Cast.outOfRange(.bigint) }
        intSum = sum
        numericSum = try numericSum + other.numericSum
        floatSum += other.floatSum
        switch aggregate.function {
        case .min:
            if best.isNull || (!other.best.isNull && Compare.order(other.best, best) < 0) { best = other.best }
        case .max:
            if best.isNull || (!other.best.isNull && Compare.order(other.best, best) > 0) { best = other.best }
        case .boolAnd:
            if let b = other.flag { flag = (flag ?? true) && b }
        case .boolOr:
            if let b = other.flag { flag = (flag ?? false) || b }
        default:
            break
        }
    }
}
