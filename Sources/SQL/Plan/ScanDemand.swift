import Columnar

/// What the operators above a plan node read of its output: every column whole, or some columns whole and
/// some only through struct field paths (`(placeContext).geo.countryCode` reads path `#i.f2.f0`, not the
/// struct). `pushingIntoScans` passes it down to the scans.
struct ScanDemand {
    var all = false
    var whole: Set<Int> = []
    var paths: Set<FieldPath> = []

    static var everything: ScanDemand { ScanDemand(all: true) }

    /// Counts what `expression` reads: a chain of field accesses over a column is a path, any other column
    /// reference reads the column whole.
    mutating func read(_ expression: BoundExpression) {
        if all { return }
        if let path = expression.fieldPath {
            paths.insert(path)
            return
        }
        if case let .column(index) = expression.kind {
            whole.insert(index)
            return
        }
        for child in expression.children { read(child) }
    }

    /// Counts every column any bound expression inside `value` reads, whole (found by reflection, for the
    /// parts of a node the rewrite does not know and so cannot rewrite).
    mutating func readWhole(in value: Any) {
        if all { return }
        whole.formUnion(BoundExpression.references(in: value))
    }

    /// The part of the demand on columns `range`, renumbered from `range.lowerBound`.
    func slice(_ range: Range<Int>) -> ScanDemand {
        if all { return .everything }
        var out = ScanDemand()
        for column in whole where range.contains(column) { out.whole.insert(column - range.lowerBound) }
        for path in paths where range.contains(path.column) {
            out.paths.insert(FieldPath(column: path.column - range.lowerBound, fields: path.fields))
        }
        return out
    }

    /// The paths a scan reads as columns of their own: those whose column is not read whole, without paths
    /// under another one (`a.b` covers `a.b.c`).
    func leafPaths(width: Int) -> [FieldPath] {
        if all { return [] }
        let open = paths.filter { $0.column < width && !whole.contains($0.column) }.sorted {
            ($0.fields.count, $0) < ($1.fields.count, $1)
        }
        var kept: [FieldPath] = []
        for path in open where !kept.contains(where: { $0.isPrefix(of: path) }) { kept.append(path) }
        return kept.sorted()
    }
}

extension BoundExpression {
    /// The path when this expression is a chain of field accesses over a column (at least one).
    var fieldPath: FieldPath? {
        var fields: [Int] = []
        var current = self
        while case let .field(base, index) = current.kind {
            fields.append(index)
            current = base
        }
        guard case let .column(column) = current.kind, !fields.isEmpty else { return nil }
        return FieldPath(column: column, fields: fields.reversed())
    }

    /// This expression with each chain of field accesses that `leaves` provides (the longest such path) read
    /// from the column it maps to instead, and every other column `i` renamed to `column(i)`.
    func substitutingFieldPaths(_ leaves: [FieldPath: Int], column: (Int) -> Int = { $0 }) -> BoundExpression {
        if !leaves.isEmpty, let path = fieldPath {
            // The chain's nodes from the outermost access down to the column.
            var chain: [BoundExpression] = []
            var current = self
            while case let .field(base, _) = current.kind {
                chain.append(current)
                current = base
            }
            for length in stride(from: path.fields.count, through: 1, by: -1) {
                let prefix = FieldPath(column: path.column, fields: Array(path.fields.prefix(length)))
                guard let at = leaves[prefix] else { continue }
                // `chain[depth]` is the access that ends the prefix; the ones above it stay.
                let depth = path.fields.count - length
                var result = BoundExpression(.column(at), chain[depth].type, at: chain[depth].position)
                for node in chain[..<depth].reversed() {
                    guard case let .field(_, index) = node.kind else { continue }
                    var access = node
                    access.kind = .field(result, index)
                    result = access
                }
                return result
            }
        }
        if case let .column(index) = kind {
            var copy = self
            copy.kind = .column(column(index))
            return copy
        }
        return mapChildren { $0.substitutingFieldPaths(leaves, column: column) }
    }

    /// The chain of field accesses along `path` over `columns` (typed from their record types); nil when the
    /// path does not lead through records.
    static func fieldChain(_ path: FieldPath, over columns: [PlanColumn]) -> BoundExpression? {
        guard columns.indices.contains(path.column) else { return nil }
        var result = BoundExpression(.column(path.column), columns[path.column].type)
        for index in path.fields {
            guard case let .record(fields) = result.type, fields.indices.contains(index) else { return nil }
            result = BoundExpression(.field(result, index), SQLType(fields[index].type))
        }
        return result
    }
}
