/// A frame bound with its offset evaluated.
enum FrameBound {
    case unboundedPreceding
    case preceding(Datum)
    case currentRow
    case following(Datum)
    case unboundedFollowing
}

/// Each row's frame as sorted positions `[start, end)` (before exclusion), computed in O(n) per partition.
struct FrameBounds {
    var starts: [Int]
    var ends: [Int]

    /// The offsets of `frame`, checked as PostgreSQL checks them when the window node starts.
    static func resolve(_ frame: BoundFrame) throws -> (FrameBound, FrameBound) {
        func offset(_ expression: BoundExpression, starting: Bool) throws -> Datum {
            let value = try Evaluator.evaluateConstant(expression)
            let which = starting ? "starting" : "ending"
            if value.isNull {
                throw SQLError(SQLState("22004"), "frame \(which) offset must not be null")
            }
            let negative: Bool
            switch value {
            case let .int(v): negative = v < 0
            case let .float(v): negative = v < 0 || v.isNaN
            case let .numeric(v): negative = v.unscaled < 0
            default: negative = false
            }
            if negative {
                if frame.units == .range {
                    throw SQLError(SQLState("22013"), "invalid preceding or following size in window function")
                }
                throw SQLError(SQLState("22013"), "frame \(which) offset must not be negative")
            }
            return value
        }
        func resolve(_ bound: BoundFrame.Bound, starting: Bool) throws -> FrameBound {
            switch bound {
            case .unboundedPreceding: return .unboundedPreceding
            case .currentRow: return .currentRow
            case .unboundedFollowing: return .unboundedFollowing
            case let .preceding(e): return .preceding(try offset(e, starting: starting))
            case let .following(e): return .following(try offset(e, starting: starting))
            }
        }
        return (try resolve(frame.start, starting: true), try resolve(frame.end, starting: false))
    }

    init(_ layout: WindowLayout, units: WindowFrame.Units, start: FrameBound, end: FrameBound, order: SortKey?) throws {
        let count = layout.count
        starts = [Int](repeating: 0, count: count)
        ends = [Int](repeating: 0, count: count)
        for partition in layout.partitions {
            switch units {
            case .rows: rows(partition, start, end)
            case .groups: groups(layout, partition, start, end)
            case .range: try range(layout, partition, start, end, order)
            }
            for position in partition where ends[position] < starts[position] { ends[position] = starts[position] }
        }
    }

    @inline(__always) static func amount(_ datum: Datum) -> Int {
        if case let .int(v) = datum { return v > Int64(Int.max / 2) ? Int.max / 2 : Int(v) }
        return 0
    }

    mutating func rows(_ partition: Range<Int>, _ start: FrameBound, _ end: FrameBound) {
        let (lower, upper) = (partition.lowerBound, partition.upperBound)
        for k in partition {
            switch start {
            case .unboundedPreceding: starts[k] = lower
            case let .preceding(n): starts[k] = max(lower, k - FrameBounds.amount(n))
            case .currentRow: starts[k] = k
            case let .following(n): starts[k] = min(upper, k + FrameBounds.amount(n))
            case .unboundedFollowing: starts[k] = upper
            }
            switch end {
            case .unboundedPreceding: ends[k] = lower
            case let .preceding(n): ends[k] = max(lower, k + 1 - FrameBounds.amount(n))
            case .currentRow: ends[k] = k + 1
            case let .following(n): ends[k] = min(upper, k + 1 + FrameBounds.amount(n))
            case .unboundedFollowing: ends[k] = upper
            }
        }
    }

    mutating func groups(_ layout: WindowLayout, _ partition: Range<Int>, _ start: FrameBound, _ end: FrameBound) {
        let (lower, upper) = (partition.lowerBound, partition.upperBound)
        let first = layout.group[lower]
        let last = layout.group[upper - 1]
        for k in partition {
            let g = layout.group[k]
            switch start {
            case .unboundedPreceding: starts[k] = lower
            case let .preceding(n): starts[k] = layout.groupStarts[max(first, g - FrameBounds.amount(n))]
            case .currentRow: starts[k] = layout.groupStarts[g]
            case let .following(n):
                let target = g + FrameBounds.amount(n)
                starts[k] = target > last ? upper : layout.groupStarts[target]
            case .unboundedFollowing: starts[k] = upper
            }
            switch end {
            case .unboundedPreceding: ends[k] = lower
            case let .preceding(n):
                let target = g - FrameBounds.amount(n)
                ends[k] = target < first ? lower : layout.groupStarts[target + 1]
            case .currentRow: ends[k] = layout.groupStarts[g + 1]
            case let .following(n):
                let target = g + FrameBounds.amount(n)
                ends[k] = target >= last ? upper : layout.groupStarts[target + 1]
            case .unboundedFollowing: ends[k] = upper
            }
        }
    }

    mutating func range(
        _ layout: WindowLayout, _ partition: Range<Int>, _ start: FrameBound, _ end: FrameBound, _ order: SortKey?
    ) throws {
        let (lower, upper) = (partition.lowerBound, partition.upperBound)
        for k in partition {
            switch start {
            case .unboundedPreceding: starts[k] = lower
            case .unboundedFollowing: starts[k] = upper
            default: starts[k] = layout.peerStart(k)
            }
            switch end {
            case .unboundedPreceding: ends[k] = lower
            case .unboundedFollowing: ends[k] = upper
            default: ends[k] = layout.peerEnd(k)
            }
        }
        let startOffset: (Datum, Bool)? =
            switch start {
            case let .preceding(n): (n, false)
            case let .following(n): (n, true)
            default: nil
            }
        let endOffset: (Datum, Bool)? =
            switch end {
            case let .preceding(n): (n, false)
            case let .following(n): (n, true)
            default: nil
            }
        guard startOffset != nil || endOffset != nil, let order, let key = layout.orderKeys.first else { return }
        // Rows with a NULL key keep their peer group as the offset bounds; the others never reach them.
        var nonNull = partition
        while nonNull.lowerBound < nonNull.upperBound, key.isNull(layout.permutation[nonNull.lowerBound]) {
            nonNull = (nonNull.lowerBound + 1)..<nonNull.upperBound
        }
        while nonNull.lowerBound < nonNull.upperBound, key.isNull(layout.permutation[nonNull.upperBound - 1]) {
            nonNull = nonNull.lowerBound..<(nonNull.upperBound - 1)
        }
        let permutation = layout.permutation
        switch key {
        case let .integers(values, _):
            guard case let .int(a) = startOffset?.0 ?? .int(0), case let .int(b) = endOffset?.0 ?? .int(0) else {
                return
            }
            let keys = nonNull.map { values[permutation[$0]] }
            rangeOffsets(
                keys, nonNull, order.descending, (a, startOffset?.1), (b, endOffset?.1),
                shift: { value, offset, up in
                    let (r, o) = up ? value.addingReportingOverflow(offset) : value.subtractingReportingOverflow(offset)
                    return o ? nil : r
                })
        case let .doubles(values, _):
            let a = FrameBounds.double(startOffset?.0)
            let b = FrameBounds.double(endOffset?.0)
            let keys = nonNull.map { values[permutation[$0]] }
            rangeOffsets(
                keys, nonNull, order.descending, (a, startOffset?.1), (b, endOffset?.1),
                shift: { value, offset, up in up ? value + offset : value - offset })
        case let .datums(values):
            var keys: [SQLNumeric] = []
            for position in nonNull {
                guard case let .numeric(value) = values[permutation[position]] else {
                    throw SQLError(SQLState("XX000"), "RANGE offset over a key of unexpected form")
                }
                keys.append(value)
            }
            var a = SQLNumeric(0)
            var b = SQLNumeric(0)
            if case let .numeric(v) = startOffset?.0 { a = v }
            if case let .numeric(v) = endOffset?.0 { b = v }
            rangeOffsets(
                keys, nonNull, order.descending, (a, startOffset?.1), (b, endOffset?.1),
                shift: { value, offset, up in up ? try? value + offset : try? value - offset })
        }
    }

    static func double(_ datum: Datum?) -> Double {
        switch datum {
        case let .float(v): v
        case let .int(v): Double(v)
        default: 0
        }
    }

    /// RANGE offset bounds over the non-null keys of a partition, sorted in the window's direction. A shift
    /// that overflows (nil) lies beyond every value. Each bound's pointer only moves forward: O(n).
    mutating func rangeOffsets<T: Comparable>(
        _ keys: [T], _ rows: Range<Int>, _ descending: Bool, _ start: (T, Bool?), _ end: (T, Bool?),
        shift: (T, T, Bool) -> T?
    ) {
        // `later`: towards later rows in the sort (larger values ascending, smaller descending).
        @inline(__always) func before(_ a: T, _ target: T?, _ later: Bool) -> Bool {
            guard let target else { return later }
            return descending ? a > target : a < target
        }
        @inline(__always) func after(_ a: T, _ target: T?, _ later: Bool) -> Bool {
            guard let target else { return !later }
            return descending ? a < target : a > target
        }
        var startPointer = 0
        var endPointer = 0
        for index in keys.indices {
            let position = rows.lowerBound + index
            if let later = start.1 {
                let target = shift(keys[index], start.0, descending ? !later : later)
                while startPointer < keys.count, before(keys[startPointer], target, later) { startPointer += 1 }
                starts[position] = rows.lowerBound + startPointer
            }
            if let later = end.1 {
                let target = shift(keys[index], end.0, descending ? !later : later)
                while endPointer < keys.count, !after(keys[endPointer], target, later) { endPointer += 1 }
                ends[position] = rows.lowerBound + endPointer
            }
        }
    }
}

/// A frame after `EXCLUDE`: up to three ascending, disjoint ranges of sorted positions.
struct FrameRanges {
    var first: Range<Int>
    var second: Range<Int>
    var third: Range<Int>

    static func of(
        _ start: Int, _ end: Int, _ position: Int, _ exclusion: WindowFrame.Exclusion?, _ layout: WindowLayout
    ) -> FrameRanges {
        @inline(__always) func span(_ lower: Int, _ upper: Int) -> Range<Int> { lower..<max(lower, upper) }
        let empty = end..<end
        switch exclusion {
        case nil, .noOthers:
            return FrameRanges(first: span(start, end), second: empty, third: empty)
        case .currentRow:
            return FrameRanges(
                first: span(start, min(end, position)), second: span(max(start, position + 1), end), third: empty)
        case .group:
            let (peerStart, peerEnd) = (layout.peerStart(position), layout.peerEnd(position))
            return FrameRanges(
                first: span(start, min(end, peerStart)), second: span(max(start, peerEnd), end), third: empty)
        case .ties:
            let (peerStart, peerEnd) = (layout.peerStart(position), layout.peerEnd(position))
            let current = position >= start && position < end ? position..<(position + 1) : empty
            return FrameRanges(
                first: span(start, min(end, peerStart)), second: current, third: span(max(start, peerEnd), end))
        }
    }

    var ranges: [Range<Int>] { [first, second, third] }
    var count: Int { first.count + second.count + third.count }
}
