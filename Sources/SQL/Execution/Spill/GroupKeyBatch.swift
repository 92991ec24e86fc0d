/// How a group key column is stored, hashed and compared in a `GroupKeyTable`: integer-like values (integers,
/// dates, timestamps, times) as `Int64`, floats as `Double` (all NaNs equal, `-0.0 = 0.0`, as PostgreSQL groups
/// them), text as its UTF-8 bytes (the C collation's equality), anything else as datums (`GroupKeyEquality`).
enum GroupKeyKind: Equatable {
    case integer
    case float
    case text
    case datum

    init(_ type: SQLType) {
        switch type {
        case .smallint, .integer, .bigint, .date, .timestamp, .time: self = .integer
        case .real, .double: self = .float
        case .text: self = .text
        default: self = .datum
        }
    }
}

/// One key column of a batch, read once from its vector in the form of its kind.
struct GroupKeyInput {
    var ints: [Int64] = []
    var floats: [Double] = []
    var text: TextValues?
    var datums: [Datum] = []
    /// Validity words, nil when no row is null.
    var validity: [UInt64]?

    init(ints: [Int64], validity: [UInt64]? = nil) {
        self.ints = ints
        self.validity = validity
    }

    init(_ vector: Vector, _ kind: GroupKeyKind) throws {
        switch kind {
        case .integer:
            guard let dense = VectorValues.ints(vector) ?? VectorValues.ints(.datums(vector.datums)) else {
                throw GroupKeyInput.mismatch("integer")
            }
            ints = dense.values
            validity = dense.validity
        case .float:
            guard let dense = VectorValues.doubles(vector) ?? VectorValues.doubles(.datums(vector.datums)) else {
                throw GroupKeyInput.mismatch("float")
            }
            floats = dense.values
            validity = dense.validity
        case .text:
            let values = try VectorValues.text(vector) ?? GroupKeyInput.arena(vector.datums)
            text = values
            validity = values.validity
        case .datum:
            datums = vector.datums
            validity = VectorValues.validity(.datums(datums))
        }
    }

    @inline(__always)
    func isNull(_ row: Int) -> Bool {
        guard let validity else { return false }
        return !VectorValues.isSet(validity, row)
    }

    /// Text datums laid out as a text vector's bytes.
    static func arena(_ values: [Datum]) throws -> TextValues {
        var offsets: [Int32] = [0]
        var data: [UInt8] = []
        var validity = [UInt64](repeating: 0, count: VectorValues.wordCount(values.count))
        var sawNull = false
        for (row, value) in values.enumerated() {
            switch value {
            case .null: sawNull = true
            case let .text(text):
                data.append(contentsOf: text.utf8)
                validity[row >> 6] |= 1 << UInt64(row & 63)
            default: throw mismatch("text")
            }
            guard data.count <= Int(Int32.max) else { throw mismatch("text") }
            offsets.append(Int32(data.count))
        }
        return TextValues(
            offsets: offsets, data: data, selection: nil, validity: sawNull ? validity : nil, count: values.count)
    }

    static func mismatch(_ kind: String) -> SQLError {
        SQLError(SQLState("XX000"), "a group key of type \(kind) holds a value of another type")
    }
}

/// A batch's key columns and one hash per row, computed column at a time.
struct GroupKeyBatch {
    let columns: [GroupKeyInput]
    let count: Int
    private(set) var hashes: [UInt64]

    init(_ columns: [GroupKeyInput], kinds: [GroupKeyKind], count: Int, mask: UInt64) {
        self.columns = columns
        self.count = count
        var hashes = [UInt64](repeating: GroupKeyHash.seed, count: count)
        for (column, kind) in zip(columns, kinds) { GroupKeyHash.combine(&hashes, column, kind) }
        for row in hashes.indices { hashes[row] = GroupKeyHash.finish(hashes[row]) & mask }
        self.hashes = hashes
    }

    init(_ vectors: [Vector], kinds: [GroupKeyKind], count: Int, mask: UInt64) throws {
        self.init(try zip(vectors, kinds).map { try GroupKeyInput($0, $1) }, kinds: kinds, count: count, mask: mask)
    }
}
