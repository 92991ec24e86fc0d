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
        let partitionKeys = try partitionBy.map { KeyColumn(try Evaluator.evaluate($0, data)) }
        orderKeys = try orderBy.map { KeyColumn(try Evaluator.evaluate($0.expression, data)) }
        var permutation = Array(0..<count)
        var partitionStarts = count > 0 ? [0] : []
        var group = [Int](repeating: 0, count: count)
        var groupStarts = count > 0 ? [0] : []
        if let words = NormalizedKeys(partitionKeys, orderKeys, orderBy, count: count) {
            words.sort(&permutation)
            words.boundaries(permutation, &partitionStarts, &group, &groupStarts)
        } else {
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

/// Integer and float keys encoded as unsigned words whose ascending order is the window's order (direction and
/// NULL placement included; a NULL flag word only for columns with NULLs), so sorting and boundary detection
/// compare flat machine words instead of datums.
struct NormalizedKeys {
    var words: [UInt64]
    var width: Int
    /// Words belonging to the PARTITION BY keys (the first ones).
    var partitionWidth: Int

    init?(_ partitionKeys: [KeyColumn], _ orderKeys: [KeyColumn], _ orderBy: [SortKey], count: Int) {
        let keys =
            partitionKeys.map { ($0, false, false) }
            + zip(orderKeys, orderBy).map { ($0, $1.descending, $1.nullsFirst) }
        if keys.isEmpty { return nil }
        var columns: [[UInt64]] = []
        var partitionWidth = 0
        for (index, (column, descending, nullsFirst)) in keys.enumerated() {
            let values: [UInt64]
            let nulls: [Bool]
            switch column {
            case let .integers(integers, isNull):
                values = integers.map { UInt64(bitPattern: $0) ^ (1 << 63) }
                nulls = isNull
            case let .doubles(doubles, isNull):
                values = doubles.map { value in
                    if value.isNaN { return UInt64.max }
                    let bits = (value == 0 ? 0.0 : value).bitPattern
                    return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
                }
                nulls = isNull
            case .datums:
                return nil
            }
            var added = 0
            if nulls.contains(true) {
                columns.append(nulls.map { ($0 == nullsFirst) ? 0 : 1 })
                added += 1
            }
            columns.append(
                zip(values, nulls).map { value, isNull in isNull ? 0 : (descending ? ~value : value) })
            added += 1
            if index < partitionKeys.count { partitionWidth += added }
        }
        width = columns.count
        self.partitionWidth = partitionWidth
        words = [UInt64](repeating: 0, count: count * width)
        for (offset, column) in columns.enumerated() {
            for row in 0..<count { words[row * width + offset] = column[row] }
        }
    }

    func sort(_ permutation: inout [Int]) {
        let width = width
        words.withUnsafeBufferPointer { words in
            permutation.withUnsafeMutableBufferPointer { rows in
                if width == 1 {
                    rows.sort { a, b in
                        let (x, y) = (words[a], words[b])
                        return x != y ? x < y : a < b
                    }
                    return
                }
                rows.sort { a, b in
                    var i = a * width
                    var j = b * width
                    for _ in 0..<width {
                        let (x, y) = (words[i], words[j])
                        if x != y { return x < y }
                        i += 1
                        j += 1
                    }
                    return a < b
                }
            }
        }
    }

    func boundaries(
        _ permutation: [Int], _ partitionStarts: inout [Int], _ group: inout [Int], _ groupStarts: inout [Int]
    ) {
        guard permutation.count > 1 else { return }
        let width = width
        let partitionWidth = partitionWidth
        words.withUnsafeBufferPointer { words in
            var previous = permutation[0] * width
            for position in 1..<permutation.count {
                let current = permutation[position] * width
                var firstDifference = width
                for offset in 0..<width where words[previous + offset] != words[current + offset] {
                    firstDifference = offset
                    break
                }
                if firstDifference < partitionWidth { partitionStarts.append(position) }
                if firstDifference < width { groupStarts.append(position) }
                group[position] = groupStarts.count - 1
                previous = current
            }
        }
    }
}
