/// How the values of one sort key column become bytes whose unsigned lexicographic order is `Compare.order`'s
/// (DuckDB's normalized keys): integers, dates, times and timestamps big-endian with the sign bit flipped, floats
/// in PostgreSQL's order (NaN after every number and equal to itself, -0 equal to 0), intervals by the span
/// PostgreSQL compares, numerics as sign, decimal exponent and digits, text (C collation: UTF-8 bytes) and bytea
/// with 0x00/0x01 escaped and a 0x00 terminator, so that no key is a prefix of another.
enum SortKeyKind: Equatable {
    case boolean, integer, float, date, timestamp, time, interval, numeric, text, bytes

    /// The kind of a key of `type`; nil where the sort compares datums (records, arrays, maps, json, unknown).
    init?(_ type: SQLType) {
        switch type {
        case .boolean: self = .boolean
        case .smallint, .integer, .bigint: self = .integer
        case .real, .double: self = .float
        case .date: self = .date
        case .timestamp: self = .timestamp
        case .time: self = .time
        case .interval: self = .interval
        case .numeric: self = .numeric
        case .text, .varchar, .bpchar: self = .text
        case .bytea: self = .bytes
        default: return nil
        }
    }

    /// The bytes of a non-null value, nil when they vary.
    var width: Int? {
        switch self {
        case .boolean: 1
        case .date: 4
        case .integer, .float, .timestamp, .time: 8
        case .interval: 16
        case .numeric, .text, .bytes: nil
        }
    }
}

/// One key column of a sort: its kind, direction and NULLS placement.
struct SortKeyColumn: Equatable {
    var kind: SortKeyKind
    var descending: Bool
    var nullsFirst: Bool

    /// The flag byte in front of every value: NULLs before or after the non-null values whatever the direction.
    var nullFlag: UInt8 { nullsFirst ? 0 : 2 }
    static let valueFlag: UInt8 = 1
}

/// A sort's key columns when every one can be normalized (decided once per sort, from the key types); the first
/// `partitionColumns` are a window's PARTITION BY keys.
struct SortKeyLayout {
    let columns: [SortKeyColumn]
    let partitionColumns: Int
    /// Bytes per row when no column varies.
    let fixedWidth: Int?

    init?(_ columns: [(type: SQLType, descending: Bool, nullsFirst: Bool)], partitionColumns: Int = 0) {
        var keys: [SortKeyColumn] = []
        for column in columns {
            guard let kind = SortKeyKind(column.type) else { return nil }
            keys.append(SortKeyColumn(kind: kind, descending: column.descending, nullsFirst: column.nullsFirst))
        }
        if keys.isEmpty { return nil }
        self.columns = keys
        self.partitionColumns = partitionColumns
        var width = 0
        for key in keys {
            guard let bytes = key.kind.width else {
                fixedWidth = nil
                return
            }
            width += 1 + bytes
        }
        fixedWidth = width
    }

    init?(_ keys: [SortKey]) {
        self.init(keys.map { ($0.expression.type, $0.descending, $0.nullsFirst) })
    }

    /// The keys of `count` rows from one vector per column, column at a time; nil when a value is not of its
    /// column's kind (the caller compares datums instead).
    func encode(_ vectors: [Vector], count: Int) -> SortKeys? {
        if count == 0 { return .empty }
        var offsets = [Int](repeating: 0, count: count + 1)
        if let fixedWidth {
            for row in 0...count { offsets[row] = row * fixedWidth }
        } else {
            var lengths = [Int](repeating: 0, count: count)
            for (column, vector) in zip(columns, vectors) {
                guard SortKeyEncoder.addLengths(column.kind, vector, &lengths) else { return nil }
            }
            var total = 0
            for row in 0..<count {
                offsets[row] = total
                total += lengths[row]
            }
            offsets[count] = total
        }
        var bytes = [UInt8](repeating: 0, count: offsets[count])
        var cursors = Array(offsets[0..<count])
        var partitionEnds: [Int] = []
        let complete = bytes.withUnsafeMutableBufferPointer { buffer -> Bool in
            for (index, (column, vector)) in zip(columns, vectors).enumerated() {
                guard let base = buffer.baseAddress,
                    SortKeyEncoder.write(column, vector, into: base, &cursors)
                else { return false }
                if index + 1 == partitionColumns { partitionEnds = cursors }
            }
            return true
        }
        guard complete else { return nil }
        return SortKeys(bytes: bytes, offsets: offsets, partitionEnds: partitionEnds)
    }
}
