/// A hash table from group keys to dense group ids (0, 1, ... in first-seen order), DuckDB-style: open addressing
/// with linear probing over a flat array of 64-bit entries, each a 16-bit salt of the hash and the group id + 1
/// (0 is empty), at most half full. Keys are stored per column in typed arrays (`GroupKeyKind`) and compared
/// against a batch's columns in place, without making datums; each group's hash is kept for growing.
///
/// Memory: `keyBytes` is what a new group's key adds, `growthBytes` what the entry array's next doubling adds;
/// callers reserve both before inserting.
final class GroupKeyTable {
    let types: [SQLType]
    let kinds: [GroupKeyKind]
    /// Every hash is and-ed with this (tests set 0 to make every key collide).
    let hashMask: UInt64
    private(set) var count = 0
    private var entries: [UInt64]
    private var hashes: [UInt64] = []
    private var ints: [[Int64]]
    private var floats: [[Double]]
    private var offsets: [[Int]]
    private var bytes: [[UInt8]]
    private var datums: [[Datum]]
    private var nulls: [[Bool]]
    static let initialCapacity = 64
    static let entryBytes = MemoryLayout<UInt64>.stride

    init(types: [SQLType], hashMask: UInt64 = ~0) {
        self.types = types
        kinds = types.map(GroupKeyKind.init)
        self.hashMask = hashMask
        entries = [UInt64](repeating: 0, count: Self.initialCapacity)
        let width = types.count
        ints = Array(repeating: [], count: width)
        floats = Array(repeating: [], count: width)
        offsets = Array(repeating: [0], count: width)
        bytes = Array(repeating: [], count: width)
        datums = Array(repeating: [], count: width)
        nulls = Array(repeating: [], count: width)
    }

    var capacity: Int { entries.count }

    /// The bytes of the entry array as it is.
    var tableBytes: Int { entries.count * Self.entryBytes }

    /// What inserting one more group adds to the entry array (its doubling), 0 when it has room.
    var growthBytes: Int { (count + 1) * 2 > entries.count ? entries.count * Self.entryBytes : 0 }

    func batch(_ vectors: [Vector], count: Int) throws -> GroupKeyBatch {
        try GroupKeyBatch(vectors, kinds: kinds, count: count, mask: hashMask)
    }

    func batch(_ columns: [GroupKeyInput], count: Int) -> GroupKeyBatch {
        GroupKeyBatch(columns, kinds: kinds, count: count, mask: hashMask)
    }

    /// The group of the batch's `row`, or -1 and the empty entry where it would go.
    func find(_ batch: GroupKeyBatch, _ row: Int) -> (group: Int32, entry: Int) {
        let hash = batch.hashes[row]
        let salt = (hash >> 48) << 32
        let mask = entries.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = entries[index]
            if entry == 0 { return (-1, index) }
            if entry & 0xFFFF_0000_0000 == salt {
                let group = Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if hashes[Int(group)] == hash, equal(batch, row, Int(group)) { return (group, index) }
            }
            index = (index + 1) & mask
        }
    }

    /// Adds the batch's `row` as a new group at `entry` (from `find`); returns its id.
    func insert(_ batch: GroupKeyBatch, _ row: Int, entry: Int) -> Int32 {
        let hash = batch.hashes[row]
        var slot = entry
        if (count + 1) * 2 > entries.count {
            grow()
            slot = emptyEntry(hash)
        }
        let group = count
        entries[slot] = ((hash >> 48) << 32) | UInt64(group + 1)
        hashes.append(hash)
        for (column, input) in batch.columns.enumerated() { append(column, input, row) }
        count += 1
        return Int32(group)
    }

    /// What a group's key takes in the typed arrays (with its hash).
    func keyBytes(_ batch: GroupKeyBatch, _ row: Int) -> Int {
        var total = MemoryLayout<UInt64>.stride
        for (column, input) in batch.columns.enumerated() {
            total += 1
            switch kinds[column] {
            case .integer, .float: total += 8
            case .text:
                guard let text = input.text, !input.isNull(row) else { continue }
                let physical = text.selection?[row] ?? row
                total += 8 + Int(text.offsets[physical + 1] - text.offsets[physical])
            case .datum: total += RowSize.datum(input.datums[row])
            }
        }
        return total
    }

    /// The key of `group` as datums.
    func key(_ group: Int) -> [Datum] { (0..<types.count).map { datum($0, group) } }

    func datum(_ column: Int, _ group: Int) -> Datum {
        if nulls[column][group] { return .null }
        switch kinds[column] {
        case .integer:
            let value = ints[column][group]
            switch types[column] {
            case .date: return .date(Int32(truncatingIfNeeded: value))
            case .timestamp: return .timestamp(value)
            case .time: return .time(value)
            default: return .int(value)
            }
        case .float: return .float(floats[column][group])
        case .text:
            let range = offsets[column][group]..<offsets[column][group + 1]
            return .text(String(decoding: bytes[column][range], as: UTF8.self))
        case .datum: return datums[column][group]
        }
    }

    private func equal(_ batch: GroupKeyBatch, _ row: Int, _ group: Int) -> Bool {
        for (column, input) in batch.columns.enumerated() {
            let null = nulls[column][group]
            switch kinds[column] {
            case .integer:
                if input.isNull(row) != null { return false }
                if !null, input.ints[row] != ints[column][group] { return false }
            case .float:
                if input.isNull(row) != null { return false }
                if !null, GroupKeyHash.floatBits(input.floats[row]) != GroupKeyHash.floatBits(floats[column][group]) {
                    return false
                }
            case .text:
                if input.isNull(row) != null { return false }
                if !null, let text = input.text, !equalText(text, row, column, group) { return false }
            case .datum:
                if !GroupKeyEquality.same(input.datums[row], datums[column][group]) { return false }
            }
        }
        return true
    }

    private func equalText(_ text: TextValues, _ row: Int, _ column: Int, _ group: Int) -> Bool {
        let physical = text.selection?[row] ?? row
        let (start, end) = (Int(text.offsets[physical]), Int(text.offsets[physical + 1]))
        let (storedStart, storedEnd) = (offsets[column][group], offsets[column][group + 1])
        guard end - start == storedEnd - storedStart else { return false }
        return text.data.withUnsafeBufferPointer { data in
            bytes[column].withUnsafeBufferPointer { stored in
                var index = 0
                while index < end - start {
                    if data[start + index] != stored[storedStart + index] { return false }
                    index += 1
                }
                return true
            }
        }
    }

    private func append(_ column: Int, _ input: GroupKeyInput, _ row: Int) {
        let null: Bool
        switch kinds[column] {
        case .integer:
            null = input.isNull(row)
            ints[column].append(null ? 0 : input.ints[row])
        case .float:
            null = input.isNull(row)
            floats[column].append(null ? 0 : input.floats[row])
        case .text:
            null = input.isNull(row)
            if !null, let text = input.text {
                let physical = text.selection?[row] ?? row
                bytes[column].append(
                    contentsOf: text.data[Int(text.offsets[physical])..<Int(text.offsets[physical + 1])])
            }
            offsets[column].append(bytes[column].count)
        case .datum:
            null = input.datums[row].isNull
            datums[column].append(input.datums[row])
        }
        nulls[column].append(null)
    }

    private func emptyEntry(_ hash: UInt64) -> Int {
        let mask = entries.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while entries[index] != 0 { index = (index + 1) & mask }
        return index
    }

    private func grow() {
        let old = entries
        entries = [UInt64](repeating: 0, count: old.count * 2)
        for entry in old where entry != 0 {
            let group = Int(entry & 0xFFFF_FFFF) - 1
            entries[emptyEntry(hashes[group])] = entry
        }
    }
}
