/// The values a DISTINCT aggregate has seen, for all groups of an `AggregationTable` in one hash table of (group
/// id, value) pairs (DuckDB and DataFusion deduplicate the same way) instead of a set per group. A value counts
/// for its group the first time its pair is inserted; FILTER and NULLs are decided before. Each group's pairs
/// are chained, so that a group moved out to a spill run can take its values along.
final class DistinctPairs {
    let table: GroupKeyTable
    /// The pair inserted before each pair of the same group (-1 at the first).
    private var previous: [Int32] = []
    /// Per group id, its last pair (-1 for none).
    private var last: [Int32] = []
    static let chainBytes = MemoryLayout<Int32>.stride

    init(valueType: SQLType, hashMask: UInt64 = ~0) {
        table = GroupKeyTable(types: [.bigint, valueType], hashMask: hashMask)
    }

    /// The pairs (group id, value) of a batch.
    func batch(groups: [Int32], values: Vector) throws -> GroupKeyBatch {
        let ids = GroupKeyInput(ints: groups.map { Int64($0) })
        let column = try GroupKeyInput(values, table.kinds[1])
        return table.batch([ids, column], count: groups.count)
    }

    /// What inserting the batch's pair `row` would take.
    func bytes(_ batch: GroupKeyBatch, _ row: Int) -> Int {
        table.keyBytes(batch, row) + table.growthBytes + Self.chainBytes
    }

    func insert(_ batch: GroupKeyBatch, _ row: Int, entry: Int, group: Int32) {
        let pair = table.insert(batch, row, entry: entry)
        while last.count <= Int(group) { last.append(-1) }
        previous.append(last[Int(group)])
        last[Int(group)] = pair
    }

    /// Adds a restored group's values (a spilled state's `seen`); returns the bytes they take.
    func insert(_ values: some Sequence<Datum>, group: Int32) throws -> Int {
        let list = Array(values)
        guard !list.isEmpty else { return 0 }
        let batch = try batch(groups: Array(repeating: group, count: list.count), values: .datums(list))
        var total = 0
        for row in 0..<list.count {
            let (found, entry) = table.find(batch, row)
            guard found < 0 else { continue }
            total += bytes(batch, row)
            insert(batch, row, entry: entry, group: group)
        }
        return total
    }

    /// The values of `group`, in the order first seen.
    func values(of group: Int32) -> [Datum] {
        var out: [Datum] = []
        var pair = Int(group) < last.count ? last[Int(group)] : -1
        while pair >= 0 {
            out.append(table.datum(1, Int(pair)))
            pair = previous[Int(pair)]
        }
        return out.reversed()
    }
}
