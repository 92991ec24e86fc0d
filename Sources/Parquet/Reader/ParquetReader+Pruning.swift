import Columnar

extension ParquetReader {
    /// Row groups whose statistics say they may hold rows matching `predicate` (a superset of the
    /// groups that do; groups without usable statistics are always kept).
    public func rowGroups(matching predicate: ParquetPredicate) -> [Int] {
        metadata.rowGroups.indices.filter { group in
            Self.mayMatch(predicate) { facts($0, group: group) }
        }
    }

    func leafIndex(for column: String) -> Int? {
        tree.leaves.firstIndex { $0.maxRepetition == 0 && $0.dottedPath == column }
    }

    /// What statistics say about the values of a row group's column chunk or of one of its pages.
    struct StatisticsFacts {
        var min: Value?
        var max: Value?
        var nullCount: Int?
        var valueCount: Int
        /// True when every value is null (a ColumnIndex null page), whatever the counts say.
        var allNull = false
        var scale: Int
    }

    private func facts(_ column: String, group: Int) -> StatisticsFacts? {
        guard let leafIndex = leafIndex(for: column) else { return nil }
        let columns = metadata.rowGroups[group].columns
        guard columns.indices.contains(leafIndex), let meta = columns[leafIndex].metaData else { return nil }
        let leaf = tree.leaves[leafIndex]
        var facts = StatisticsFacts(valueCount: Int(meta.numValues), scale: Self.scale(of: leaf))
        guard let stats = meta.statistics else { return facts }
        facts.nullCount = stats.nullCount.map { Int($0) }
        // Legacy min/max used signed byte order; trust them only for numeric types.
        let legacyOK = leaf.physical != .byteArray && leaf.physical != .fixedLenByteArray
        let minBytes = stats.minValue ?? (legacyOK ? stats.min : nil)
        let maxBytes = stats.maxValue ?? (legacyOK ? stats.max : nil)
        facts.min = minBytes.flatMap { StatisticsValue.decode($0, leaf: leaf) }
        facts.max = maxBytes.flatMap { StatisticsValue.decode($0, leaf: leaf) }
        return facts
    }

    static func scale(of leaf: LeafDescriptor) -> Int {
        if case let .decimal(_, scale) = leaf.type { return scale }
        return 0
    }

    /// Whether data described by `facts` (per column; nil = unknown) may hold rows matching `predicate`.
    static func mayMatch(_ predicate: ParquetPredicate, _ facts: (String) -> StatisticsFacts?) -> Bool {
        switch predicate {
        case let .and(parts): return parts.allSatisfy { mayMatch($0, facts) }
        case let .or(parts): return parts.isEmpty || parts.contains { mayMatch($0, facts) }
        case .not: return true
        case let .isNull(column):
            guard let f = facts(column) else { return true }
            if f.allNull { return true }
            guard let nulls = f.nullCount else { return true }
            return nulls > 0
        case let .isNotNull(column):
            guard let f = facts(column) else { return true }
            if f.allNull { return false }
            guard let nulls = f.nullCount else { return true }
            return nulls < f.valueCount
        case let .compare(column, op, literal):
            guard let f = facts(column) else { return true }
            if f.allNull { return false }
            if let nulls = f.nullCount, nulls >= f.valueCount, f.valueCount > 0 { return false }
            guard let lo = f.min, let hi = f.max,
                let cLo = ValueOrder.compare(lo, literal, scale: f.scale),
                let cHi = ValueOrder.compare(hi, literal, scale: f.scale)
            else { return true }
            switch op {
            case .equal: return cLo <= 0 && cHi >= 0
            case .notEqual: return !(cLo == 0 && cHi == 0)
            case .less: return cLo < 0
            case .lessOrEqual: return cLo <= 0
            case .greater: return cHi > 0
            case .greaterOrEqual: return cHi >= 0
            }
        }
    }
}
