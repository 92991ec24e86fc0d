/// How a sort's buffered (and spilled) entries carry their keys in front of the row: one normalized key
/// (`SortKeys`, a `.bytes` datum compared as bytes) when every key type has one, decided once per sort; otherwise
/// the key datums, compared by `RowOrdering.compare`. Both orders are the same (ORDER BY's rules).
enum SortEntryOrdering {
    case normalized(SortKeyLayout, [SortKey])
    case datums(RowOrdering)

    init(_ keys: [SortKey]) {
        if let layout = SortKeyLayout(keys) {
            self = .normalized(layout, keys)
        } else {
            self = .datums(RowOrdering(keys: keys))
        }
    }

    var keys: [SortKey] {
        switch self {
        case let .normalized(_, keys): keys
        case let .datums(ordering): ordering.keys
        }
    }

    /// Datums in front of each entry's row.
    var keyWidth: Int {
        switch self {
        case .normalized: 1
        case let .datums(ordering): ordering.keys.count
        }
    }

    /// The chunk's normalized keys (nil when the sort compares datums).
    func encode(_ chunk: Chunk) throws -> SortKeys? {
        guard case let .normalized(layout, keys) = self else { return nil }
        let vectors = try keys.map { try VectorEvaluator.evaluate($0.expression, chunk) }
        guard let encoded = layout.encode(vectors, count: chunk.count) else {
            throw SQLError(SQLState("XX000"), "a sort key value does not match the key's type")
        }
        return encoded
    }

    /// Rows of a chunk with their keys in front.
    func entries(_ chunk: Chunk) throws -> [[Datum]] {
        switch self {
        case let .datums(ordering): return try ordering.entries(chunk)
        case .normalized:
            guard let keys = try encode(chunk) else { return [] }
            return (0..<chunk.count).map { [.bytes(keys.key($0))] + chunk.row($0) }
        }
    }

    /// -1, 0 or 1 comparing the keys in front of two entries.
    @inline(__always) func compare(_ a: [Datum], _ b: [Datum]) -> Int {
        switch self {
        case let .datums(ordering): return ordering.compare(a, b)
        case .normalized:
            guard case let .bytes(x) = a[0], case let .bytes(y) = b[0] else { return 0 }
            return SortKeys.compare(x, y)
        }
    }

    /// A stable sort of entries by their keys.
    func sorted(_ entries: [[Datum]]) -> [[Datum]] {
        switch self {
        case let .datums(ordering): return ordering.sorted(entries)
        case .normalized:
            // Sort positions by the key bytes, ties in input order.
            let keys = entries.map { entry -> [UInt8] in
                if case let .bytes(key) = entry[0] { return key }
                return []
            }
            var order = Array(entries.indices)
            order.sort { a, b in
                let result = SortKeys.compare(keys[a], keys[b])
                return result != 0 ? result < 0 : a < b
            }
            return order.map { entries[$0] }
        }
    }
}
