/// The non-aggregate window functions over one sorted layout. Each returns its values in sorted order, one
/// pass per partition (O(n)); `arguments` are indexed by input row.
enum WindowFunctions {
    static func ranking(_ function: BoundWindowFunction.Function, _ layout: WindowLayout) -> [Datum] {
        var out = [Datum](repeating: .null, count: layout.count)
        for partition in layout.partitions {
            let size = partition.count
            let firstGroup = layout.group[partition.lowerBound]
            for k in partition {
                let rank = layout.peerStart(k) - partition.lowerBound + 1
                switch function {
                case .rowNumber: out[k] = .int(Int64(k - partition.lowerBound + 1))
                case .rank: out[k] = .int(Int64(rank))
                case .denseRank: out[k] = .int(Int64(layout.group[k] - firstGroup + 1))
                case .percentRank: out[k] = .float(size > 1 ? Double(rank - 1) / Double(size - 1) : 0)
                default: out[k] = .float(Double(layout.peerEnd(k) - partition.lowerBound) / Double(size))
                }
            }
        }
        return out
    }

    /// `ntile(n)`: n read at the partition's first row, as PostgreSQL does.
    static func ntile(_ buckets: [Datum], _ layout: WindowLayout) throws -> [Datum] {
        var out = [Datum](repeating: .null, count: layout.count)
        for partition in layout.partitions {
            guard case let .int(n) = buckets[layout.permutation[partition.lowerBound]] else { continue }
            guard n > 0 else { throw SQLError(SQLState("22014"), "argument of ntile must be greater than zero") }
            let total = Int64(partition.count)
            let perBucket = total / n
            let remainder = total % n
            var bucket: Int64 = 1
            var boundary = perBucket + (remainder > 0 ? 1 : 0)
            var inBucket: Int64 = 0
            for k in partition {
                if inBucket >= boundary {
                    bucket += 1
                    inBucket = 0
                    boundary = perBucket + (bucket <= remainder ? 1 : 0)
                }
                inBucket += 1
                out[k] = .int(bucket)
            }
        }
        return out
    }

    /// Positions of non-null values: `before[k]` counts the non-null values at sorted positions below `k`,
    /// `positions` lists them in order, so the i-th non-null value of any range is found in O(1).
    struct NonNullIndex {
        var before: [Int]
        var positions: [Int]

        init(_ values: [Datum], _ layout: WindowLayout) {
            before = [Int](repeating: 0, count: layout.count + 1)
            positions = []
            for k in 0..<layout.count {
                let present = !values[layout.permutation[k]].isNull
                if present { positions.append(k) }
                before[k + 1] = before[k] + (present ? 1 : 0)
            }
        }
    }

    /// `lag` / `lead` (offset and default evaluated at the current row; IGNORE NULLS counts non-null rows).
    static func shift(_ function: BoundWindowFunction, _ arguments: [[Datum]], _ layout: WindowLayout) -> [Datum] {
        let values = arguments[0]
        let index = function.ignoreNulls ? NonNullIndex(values, layout) : nil
        let permutation = layout.permutation
        var out = [Datum](repeating: .null, count: layout.count)
        for partition in layout.partitions {
            for k in partition {
                let row = permutation[k]
                var offset: Int64 = 1
                if arguments.count > 1 {
                    guard case let .int(n) = arguments[1][row] else { continue }
                    offset = n
                }
                if function.function == .lag { offset = -offset }
                let fallback = arguments.count > 2 ? arguments[2][row] : .null
                if let index {
                    if offset == 0 {
                        out[k] = values[row]
                    } else if offset < 0 {
                        let target = Int64(index.before[k]) + offset
                        out[k] =
                            target >= Int64(index.before[partition.lowerBound])
                            ? values[permutation[index.positions[Int(target)]]] : fallback
                    } else {
                        let target = Int64(index.before[k + 1]) + offset - 1
                        out[k] =
                            target < Int64(index.before[partition.upperBound])
                            ? values[permutation[index.positions[Int(target)]]] : fallback
                    }
                } else {
                    let target = Int64(k) + offset
                    out[k] =
                        target >= Int64(partition.lowerBound) && target < Int64(partition.upperBound)
                        ? values[permutation[Int(target)]] : fallback
                }
            }
        }
        return out
    }

    /// `first_value`, `last_value`, `nth_value` over each row's frame (after exclusion).
    static func frameValue(
        _ function: BoundWindowFunction, _ arguments: [[Datum]], _ layout: WindowLayout, _ bounds: FrameBounds
    ) throws -> [Datum] {
        let values = arguments[0]
        let index = function.ignoreNulls ? NonNullIndex(values, layout) : nil
        let permutation = layout.permutation
        let exclusion = function.window.frame.exclusion
        var out = [Datum](repeating: .null, count: layout.count)
        for k in 0..<layout.count {
            var nth = 1
            if function.function == .nthValue {
                guard case let .int(n) = arguments[1][permutation[k]] else { continue }
                guard n > 0 else {
                    throw SQLError(SQLState("22016"), "argument of nth_value must be greater than zero")
                }
                nth = Int(n)
            }
            let ranges = FrameRanges.of(bounds.starts[k], bounds.ends[k], k, exclusion, layout).ranges
            var found: Int?
            if function.function == .lastValue {
                for range in ranges.reversed() where !range.isEmpty {
                    if let index {
                        let count = index.before[range.upperBound] - index.before[range.lowerBound]
                        if count > 0 { found = index.positions[index.before[range.upperBound] - 1] }
                    } else {
                        found = range.upperBound - 1
                    }
                    if found != nil { break }
                }
            } else {
                var remaining = nth
                for range in ranges where !range.isEmpty {
                    let available =
                        index.map { $0.before[range.upperBound] - $0.before[range.lowerBound] } ?? range.count
                    if remaining <= available {
                        if let index {
                            found = index.positions[index.before[range.lowerBound] + remaining - 1]
                        } else {
                            found = range.lowerBound + remaining - 1
                        }
                        break
                    }
                    remaining -= available
                }
            }
            if let found { out[k] = values[permutation[found]] }
        }
        return out
    }
}
