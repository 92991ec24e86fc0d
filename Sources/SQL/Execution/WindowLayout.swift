/// A key column in a typed form, so that sorting and peer detection compare machine values instead of
/// switching over `Datum`s: integers, dates, timestamps and booleans as `Int64`, floats as `Double`.
enum KeyColumn {
    case integers([Int64], nulls: [Bool])
    case doubles([Double], nulls: [Bool])
    case datums([Datum])

    init(_ datums: [Datum]) {
        var nulls: [Bool] = []
        nulls.reserveCapacity(datums.count)
        var integers: [Int64] = []
        integers.reserveCapacity(datums.count)
        var typed = true
        for datum in datums {
            switch datum {
            case .null: integers.append(0)
            case let .int(value), let .timestamp(value): integers.append(value)
            case let .date(value): integers.append(Int64(value))
            case let .boolean(value): integers.append(value ? 1 : 0)
            default: typed = false
            }
            if !typed { break }
            nulls.append(datum.isNull)
        }
        if typed {
            self = .integers(integers, nulls: nulls)
            return
        }
        var doubles: [Double] = []
        doubles.reserveCapacity(datums.count)
        nulls.removeAll(keepingCapacity: true)
        for datum in datums {
            switch datum {
            case .null: doubles.append(0)
            case let .float(value): doubles.append(value)
            default:
                self = .datums(datums)
                return
            }
            nulls.append(datum.isNull)
        }
        self = .doubles(doubles, nulls: nulls)
    }

    @inline(__always) func isNull(_ row: Int) -> Bool {
        switch self {
        case let .integers(_, nulls), let .doubles(_, nulls): nulls[row]
        case let .datums(values): values[row].isNull
        }
    }

    /// The order of two non-null values (PostgreSQL's: NaN after every number and equal to itself).
    @inline(__always) func compare(_ a: Int, _ b: Int) -> Int {
        switch self {
        case let .integers(values, _):
            let (x, y) = (values[a], values[b])
            return x < y ? -1 : (x == y ? 0 : 1)
        case let .doubles(values, _):
            let (x, y) = (values[a], values[b])
            if x.isNaN || y.isNaN { return x.isNaN == y.isNaN ? 0 : (x.isNaN ? 1 : -1) }
            return x < y ? -1 : (x == y ? 0 : 1)
        case let .datums(values):
            return Compare.order(values[a], values[b])
        }
    }

    /// SQL equality for grouping: NULLs equal each other.
    @inline(__always) func equal(_ a: Int, _ b: Int) -> Bool {
        let (nullA, nullB) = (isNull(a), isNull(b))
        if nullA || nullB { return nullA == nullB }
        return compare(a, b) == 0
    }
}

/// The rows of one (PARTITION BY, ORDER BY) combination in sorted order, with partition and peer-group
/// boundaries. Positions are sorted positions; `permutation` maps them to input rows.
struct WindowLayout {
    var permutation: [Int]
    /// Start of each partition, then the row count.
    var partitionStarts: [Int]
    /// Peer group of each sorted position, numbered across partitions (a new partition starts a new group).
    var group: [Int]
    /// Start of each peer group, then the row count.
    var groupStarts: [Int]
    /// The ORDER BY keys (indexed by input row).
    var orderKeys: [KeyColumn]

    var count: Int { permutation.count }

    init(_ data: Chunk, partitionBy: [BoundExpression], orderBy: [SortKey]) throws {
        let count = data.count
        let partitionValues = try partitionBy.map { try Evaluator.evaluate($0, data) }
        let orderValues = try orderBy.map { try Evaluator.evaluate($0.expression, data) }
        orderKeys = orderValues.map { KeyColumn($0) }
        var permutation = Array(0..<count)
        var partitionStarts = count > 0 ? [0] : []
        var group = [Int](repeating: 0, count: count)
        var groupStarts = count > 0 ? [0] : []
        let layout = SortKeyLayout(
            partitionBy.map { ($0.type, false, false) }
                + orderBy.map { ($0.expression.type, $0.descending, $0.nullsFirst) },
            partitionColumns: partitionBy.count)
        if let layout, let keys = layout.encode((partitionValues + orderValues).map { .datums($0) }, count: count) {
            permutation = keys.sortedPermutation()
            keys.boundaries(permutation, &partitionStarts, &group, &groupStarts)
        } else {
            let partitionKeys = partitionValues.map { KeyColumn($0) }
            let sortKeys: [(column: KeyColumn, descending: Bool, nullsFirst: Bool)] =
                partitionKeys.map { ($0, false, false) }
                + zip(orderKeys, orderBy).map { ($0, $1.descending, $1.nullsFirst) }
            if !sortKeys.isEmpty {
                permutation.sort { a, b in
                    for key in sortKeys {
                        let nullA = key.column.isNull(a)
                        let nullB = key.column.isNull(b)
                        if nullA || nullB {
                            if nullA && nullB { continue }
                            return nullA == key.nullsFirst
                        }
                        let order = key.column.compare(a, b)
                        if order != 0 { return key.descending ? order > 0 : order < 0 }
                    }
                    return a < b
                }
            }
            if count > 1 {
                let orderKeys = self.orderKeys
                var previous = permutation[0]
                for position in 1..<count {
                    let row = permutation[position]
                    let newPartition = partitionKeys.contains { !$0.equal(previous, row) }
                    if newPartition { partitionStarts.append(position) }
                    if newPartition || orderKeys.contains(where: { !$0.equal(previous, row) }) {
                        groupStarts.append(position)
                    }
                    group[position] = groupStarts.count - 1
                    previous = row
                }
            }
        }
        self.permutation = permutation
        partitionStarts.append(count)
        groupStarts.append(count)
        self.partitionStarts = partitionStarts
        self.group = group
        self.groupStarts = groupStarts
    }

    /// The partitions as ranges of sorted positions.
    var partitions: [Range<Int>] {
        (0..<max(partitionStarts.count - 1, 0)).map { partitionStarts[$0]..<partitionStarts[$0 + 1] }
    }

    @inline(__always) func peerStart(_ position: Int) -> Int { groupStarts[group[position]] }
    @inline(__always) func peerEnd(_ position: Int) -> Int { groupStarts[group[position] + 1] }
}
