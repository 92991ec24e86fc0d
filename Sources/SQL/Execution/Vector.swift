import Columnar

/// One column of a `Chunk`: datums, or typed Columnar storage (a scan's column, a struct's child, a kernel's
/// result) read through an optional selection. A typed vector makes its datums per element on access, so
/// operators that read datums work unchanged while the vectorized kernels (`VectorEvaluator`) read the storage.
enum Vector {
    case datums([Datum])
    case typed(TypedVector)
    /// One value in every row (a literal, the typed NULLs a narrowed scan puts at unread positions).
    case constant(Datum, count: Int)

    init(_ column: Column, _ type: SQLType) {
        self = .typed(TypedVector(column: column, type: type, selection: nil))
    }

    var count: Int {
        switch self {
        case let .datums(values): return values.count
        case let .typed(typed): return typed.count
        case let .constant(_, count): return count
        }
    }

    subscript(row: Int) -> Datum {
        switch self {
        case let .datums(values): return values[row]
        case let .typed(typed): return typed.datum(row)
        case let .constant(value, _): return value
        }
    }

    /// Every value as a datum.
    var datums: [Datum] {
        switch self {
        case let .datums(values): return values
        case let .typed(typed): return typed.datums()
        case let .constant(value, count): return Array(repeating: value, count: count)
        }
    }

    /// The rows at `indices`; a typed vector composes its selection and copies no values.
    func gather(_ indices: [Int]) -> Vector {
        switch self {
        case let .datums(values): return .datums(indices.map { values[$0] })
        case let .constant(value, _): return .constant(value, count: indices.count)
        case let .typed(typed):
            guard let selection = typed.selection else {
                return .typed(TypedVector(column: typed.column, type: typed.type, selection: indices))
            }
            return .typed(TypedVector(column: typed.column, type: typed.type, selection: indices.map { selection[$0] }))
        }
    }
}

/// A Columnar column read as SQL values of `type`; logical row `i` is physical row `selection[i]` (or `i`).
struct TypedVector {
    let column: Column
    let type: SQLType
    let selection: [Int]?

    var count: Int { selection?.count ?? column.count }

    @inline(__always)
    func physical(_ row: Int) -> Int { selection.map { $0[row] } ?? row }

    func datum(_ row: Int) -> Datum {
        TypedVector.datum(column, physical(row), type)
    }

    func datums() -> [Datum] {
        if selection == nil { return Chunk.datums(column, type) }
        var out: [Datum] = []
        out.reserveCapacity(count)
        for row in 0..<count { out.append(datum(row)) }
        return out
    }

    /// The datum of physical row `index` of `column` read as `type`.
    static func datum(_ column: Column, _ index: Int, _ type: SQLType) -> Datum {
        if column.isNull(index) { return .null }
        switch (column.storage, type) {
        case let (.int32(values), .date): return .date(values[index])
        case let (.int32(values), .integer), let (.int32(values), .bigint): return .int(Int64(values[index]))
        case let (.int64(values), .integer), let (.int64(values), .bigint): return .int(values[index])
        case let (.int64(values), .timestamp): return .timestamp(values[index])
        case let (.float64(values), .double), let (.float64(values), .real): return .float(values[index])
        case let (.float32(values), .real), let (.float32(values), .double): return .float(Double(values[index]))
        case let (.boolean(bits), .boolean): return .boolean(bits[index])
        case let (.bytes(offsets, data), .text):
            return .text(String(decoding: data[Int(offsets[index])..<Int(offsets[index + 1])], as: UTF8.self))
        case (.decimal(let values), .numeric(.some, let scale)):
            return .numeric(SQLNumeric(unscaled: values[index], scale: scale))
        case let (.struct(children), .numeric(nil, _)):
            guard case let .decimal(unscaled) = children[0].value(at: index),
                case let .int(scale) = children[1].value(at: index)
            else { return .null }
            return .numeric(SQLNumeric(unscaled: unscaled, scale: Int(scale)))
        default: return Datum(column.value(at: index), type: type)
        }
    }
}
