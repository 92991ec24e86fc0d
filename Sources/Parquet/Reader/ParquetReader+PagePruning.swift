import Columnar

extension ParquetReader {
    /// The rows of row group `index` whose pages may hold rows matching `predicate`, by the page index
    /// (ColumnIndex min/max and null facts of the predicate's columns, OffsetIndex first rows): sorted, disjoint
    /// ranges, a superset of the matching rows. Columns without a usable page index keep every row, so a file
    /// without one yields `[0..<rows]`; an empty result means no row can match.
    public func rowRanges(ofRowGroup index: Int, matching predicate: ParquetPredicate) -> [Range<Int>] {
        guard metadata.rowGroups.indices.contains(index) else { return [] }
        let rows = Int(metadata.rowGroups[index].numRows)
        guard rows > 0 else { return [] }
        var pageFacts: [String: [(Range<Int>, StatisticsFacts)]?] = [:]
        func pages(_ column: String) -> [(Range<Int>, StatisticsFacts)]? {
            if let known = pageFacts[column] { return known }
            let found = self.pageFacts(column, group: index)
            pageFacts[column] = .some(found)
            return found
        }
        func ranges(_ predicate: ParquetPredicate) -> [Range<Int>] {
            switch predicate {
            case let .and(parts):
                var out = [0..<rows]
                for part in parts where !out.isEmpty { out = RowRanges.intersection(out, ranges(part)) }
                return out
            case let .or(parts):
                guard !parts.isEmpty else { return [0..<rows] }
                return RowRanges.normalized(parts.flatMap { ranges($0) }, within: rows)
            case .not:
                return [0..<rows]
            case let .compare(column, _, _), let .isNull(column), let .isNotNull(column):
                guard let list = pages(column) else { return [0..<rows] }
                let kept = list.filter { page in Self.mayMatch(predicate) { _ in page.1 } }.map(\.0)
                return RowRanges.normalized(kept, within: rows)
            }
        }
        return ranges(predicate)
    }

    /// The rows and statistics of each page of a flat column's chunk; nil without a valid page index (a
    /// malformed one is ignored: pruning then keeps every row).
    private func pageFacts(_ column: String, group: Int) -> [(Range<Int>, StatisticsFacts)]? {
        guard let leafIndex = leafIndex(for: column),
            metadata.rowGroups[group].columns.indices.contains(leafIndex),
            let locations = try? pageLocations(group: group, leaf: leafIndex),
            let stats = try? columnIndex(group: group, leaf: leafIndex, pages: locations.count)
        else { return nil }
        let leaf = tree.leaves[leafIndex]
        let scale = Self.scale(of: leaf)
        return locations.enumerated().map { i, page in
            var facts = StatisticsFacts(valueCount: page.rows.count, scale: scale)
            facts.allNull = stats.nullPages[i]
            facts.nullCount = stats.nullCounts.isEmpty ? nil : Int(stats.nullCounts[i])
            if !facts.allNull {
                facts.min = StatisticsValue.decode(stats.minValues[i], leaf: leaf)
                facts.max = StatisticsValue.decode(stats.maxValues[i], leaf: leaf)
            }
            return (page.rows, facts)
        }
    }
}
