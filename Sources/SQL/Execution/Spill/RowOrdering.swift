/// The order of ORDER BY over precomputed key values: each key ascending or descending with its NULLS FIRST or
/// LAST (the same rules as `SortOperator`). Rows carry their key values first, then the row.
/// A sort key's direction and NULLS placement.
protocol SortDirection {
    var descending: Bool { get }
    var nullsFirst: Bool { get }
}

extension SortKey: SortDirection {}
extension AggregateOrdering: SortDirection {}

struct RowOrdering {
    let keys: [SortKey]

    /// -1, 0 or 1 comparing the key values at the front of `a` and `b`.
    func compare(_ a: [Datum], _ b: [Datum]) -> Int { RowOrdering.compare(a, b, keys, at: 0) }

    /// A stable sort of rows by their keys.
    func sorted(_ rows: [[Datum]]) -> [[Datum]] { RowOrdering.stableSorted(rows, by: compare) }

    /// -1, 0 or 1 comparing the key values of `a` and `b` from `offset` on, each key with its direction and NULLS
    /// placement (ORDER BY's rules, shared by sorts and by aggregates with ORDER BY).
    static func compare<Key: SortDirection>(_ a: [Datum], _ b: [Datum], _ keys: [Key], at offset: Int) -> Int {
        for (index, key) in keys.enumerated() {
            let (x, y) = (a[offset + index], b[offset + index])
            if x.isNull || y.isNull {
                if x.isNull && y.isNull { continue }
                return x.isNull == key.nullsFirst ? -1 : 1
            }
            let order = Compare.order(x, y)
            if order != 0 { return (order < 0) != key.descending ? -1 : 1 }
        }
        return 0
    }

    /// `rows` sorted by `compare`, rows that compare equal kept in their order.
    static func stableSorted(_ rows: [[Datum]], by compare: ([Datum], [Datum]) -> Int) -> [[Datum]] {
        rows.enumerated().sorted { a, b in
            let order = compare(a.element, b.element)
            return order != 0 ? order < 0 : a.offset < b.offset
        }.map(\.element)
    }

    /// Rows of a chunk with their key values in front.
    func entries(_ chunk: Chunk) throws -> [[Datum]] {
        let keyColumns = try keys.map { try Evaluator.evaluate($0.expression, chunk) }
        return (0..<chunk.count).map { row in keyColumns.map { $0[row] } + chunk.row(row) }
    }
}
