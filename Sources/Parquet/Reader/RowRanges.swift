/// Sets of rows as sorted, disjoint, non-adjacent ranges (`[0..<10, 20..<30]`).
enum RowRanges {
    /// `ranges` clipped to `0..<count`, sorted, with overlapping and adjacent ranges merged.
    static func normalized(_ ranges: [Range<Int>], within count: Int) -> [Range<Int>] {
        let clipped = ranges.compactMap { r -> Range<Int>? in
            let lower = max(0, r.lowerBound)
            let upper = min(count, r.upperBound)
            return lower < upper ? lower..<upper : nil
        }.sorted { $0.lowerBound < $1.lowerBound }
        var out: [Range<Int>] = []
        for r in clipped {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }

    /// Rows in both sets (both normalized).
    static func intersection(_ a: [Range<Int>], _ b: [Range<Int>]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            let lower = max(a[i].lowerBound, b[j].lowerBound)
            let upper = min(a[i].upperBound, b[j].upperBound)
            if lower < upper { out.append(lower..<upper) }
            if a[i].upperBound < b[j].upperBound { i += 1 } else { j += 1 }
        }
        return out
    }

    /// Rows in either set.
    static func union(_ a: [Range<Int>], _ b: [Range<Int>], within count: Int) -> [Range<Int>] {
        normalized(a + b, within: count)
    }

    static func rowCount(_ ranges: [Range<Int>]) -> Int { ranges.reduce(0) { $0 + $1.count } }

    /// Whether `range` overlaps any of the normalized `ranges`.
    static func overlaps(_ ranges: [Range<Int>], _ range: Range<Int>) -> Bool {
        // Binary search for the first range ending after `range` starts.
        var lo = 0
        var hi = ranges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ranges[mid].upperBound <= range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        return lo < ranges.count && ranges[lo].lowerBound < range.upperBound
    }
}
