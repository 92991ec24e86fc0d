/// Cutting decoded leaf data down to some of its rows (reads restricted to row ranges).
extension LeafData {
    /// Rows in the data: records start at repetition level 0 (every level is a record in flat columns).
    func rowCount(maxRepetition: Int) -> Int {
        guard maxRepetition > 0 else { return levelCount }
        return repetitionLevels.withUnsafeBufferPointer { r in r.reduce(0) { $1 == 0 ? $0 + 1 : $0 } }
    }

    /// The data of the rows `keep` (positions among this data's rows; normalized, inside `0..<rowCount`).
    func selectingRows(_ keep: [Range<Int>], maxRepetition: Int, maxDefinition: Int) -> LeafData {
        // The level and value index at which each boundary row of `keep` starts.
        var boundaries: [Int] = []
        boundaries.reserveCapacity(keep.count * 2)
        for r in keep {
            boundaries.append(r.lowerBound)
            boundaries.append(r.upperBound)
        }
        var levelAt: [Int] = []
        var valueAt: [Int] = []
        levelAt.reserveCapacity(boundaries.count)
        valueAt.reserveCapacity(boundaries.count)
        let maxDef = UInt8(truncatingIfNeeded: maxDefinition)
        var row = -1
        var values = 0
        var next = 0
        for level in 0..<levelCount {
            if maxRepetition == 0 || repetitionLevels[level] == 0 {
                row += 1
                while next < boundaries.count && boundaries[next] == row {
                    levelAt.append(level)
                    valueAt.append(values)
                    next += 1
                }
                if next == boundaries.count { break }
            }
            if maxDefinition == 0 || definitionLevels[level] == maxDef { values += 1 }
        }
        while next < boundaries.count {
            levelAt.append(levelCount)
            valueAt.append(values)
            next += 1
        }
        var levelRanges: [Range<Int>] = []
        var valueRanges: [Range<Int>] = []
        for k in keep.indices {
            levelRanges.append(levelAt[2 * k]..<levelAt[2 * k + 1])
            valueRanges.append(valueAt[2 * k]..<valueAt[2 * k + 1])
        }
        var out = LeafData(values: self.values.selecting(valueRanges))
        if maxDefinition > 0 { out.definitionLevels = Self.gather(definitionLevels, levelRanges) }
        if maxRepetition > 0 { out.repetitionLevels = Self.gather(repetitionLevels, levelRanges) }
        out.levelCount = levelRanges.reduce(0) { $0 + $1.count }
        return out
    }

    static func gather<T>(_ array: [T], _ ranges: [Range<Int>]) -> [T] {
        var out: [T] = []
        out.reserveCapacity(ranges.reduce(0) { $0 + $1.count })
        for r in ranges { out.append(contentsOf: array[r]) }
        return out
    }
}

extension LeafValues {
    /// The values at `ranges` (in range bounds of this value list), in order.
    func selecting(_ ranges: [Range<Int>]) -> LeafValues {
        switch self {
        case let .boolean(v): return .boolean(LeafData.gather(v, ranges))
        case let .int32(v): return .int32(LeafData.gather(v, ranges))
        case let .int64(v): return .int64(LeafData.gather(v, ranges))
        case let .float(v): return .float(LeafData.gather(v, ranges))
        case let .double(v): return .double(LeafData.gather(v, ranges))
        case let .bytes(offsets, data):
            var newOffsets: [Int32] = [0]
            newOffsets.reserveCapacity(ranges.reduce(1) { $0 + $1.count })
            var newData: [UInt8] = []
            newData.reserveCapacity(
                ranges.reduce(0) { $0 + Int(offsets[$1.upperBound] - offsets[$1.lowerBound]) })
            for r in ranges where !r.isEmpty {
                let shift = Int32(newData.count) &- offsets[r.lowerBound]
                for i in r { newOffsets.append(offsets[i + 1] &+ shift) }
                newData.append(contentsOf: data[Int(offsets[r.lowerBound])..<Int(offsets[r.upperBound])])
            }
            return .bytes(offsets: newOffsets, data: newData)
        case let .fixed(width, data):
            return .fixed(
                width: width, data: LeafData.gather(data, ranges.map { $0.lowerBound * width..<$0.upperBound * width }))
        }
    }
}
