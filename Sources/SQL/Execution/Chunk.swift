import Columnar

/// A batch's columns with a row count (which a zero-column `ColumnBatch` cannot carry). Each column is a
/// `Vector`: typed Columnar storage (as a scan reads it, filtered by a selection), a constant, or datums.
/// `columns` gives every column as datums for the row-wise kernels and operators: stored as given for a chunk of
/// datums, made once on first use for a chunk with typed columns.
struct Chunk {
    var vectors: [Vector] {
        didSet { (datumColumns, cache) = Chunk.derived(vectors) }
    }
    var count: Int
    /// The columns when every vector holds datums.
    private var datumColumns: [[Datum]]?
    /// Otherwise the datums once made (a reference, so a chunk read through `let` keeps them).
    private var cache: DatumColumns?

    init(columns: [[Datum]], count: Int) {
        vectors = columns.map { .datums($0) }
        self.count = count
        datumColumns = columns
    }

    init(vectors: [Vector], count: Int) {
        self.vectors = vectors
        self.count = count
        (datumColumns, cache) = Chunk.derived(vectors)
    }

    init(_ batch: ColumnBatch, types: [SQLType]) {
        self.init(vectors: zip(batch.columns, types).map { Vector($0, $1) }, count: batch.rowCount)
    }

    private static func derived(_ vectors: [Vector]) -> ([[Datum]]?, DatumColumns?) {
        var columns: [[Datum]] = []
        columns.reserveCapacity(vectors.count)
        for vector in vectors {
            guard case let .datums(values) = vector else { return (nil, DatumColumns()) }
            columns.append(values)
        }
        return (columns, nil)
    }

    /// Every column as datums.
    var columns: [[Datum]] {
        get {
            if let datumColumns { return datumColumns }
            if let columns = cache?.columns { return columns }
            let columns = vectors.map(\.datums)
            cache?.columns = columns
            return columns
        }
        set { vectors = newValue.map { .datums($0) } }
        _modify {
            // Mutated in place (`chunk.columns[i][row] = x`): the stored copies are released first.
            var columns = self.columns
            vectors = []
            defer { vectors = columns.map { .datums($0) } }
            yield &columns
        }
    }

    static func datums(_ column: Column, _ type: SQLType) -> [Datum] {
        var out: [Datum] = []
        out.reserveCapacity(column.count)
        switch (column.storage, type) {
        case let (.int32(values), .integer):
            for i in 0..<column.count { out.append(column.isNull(i) ? .null : .int(Int64(values[i]))) }
        case let (.int64(values), .bigint):
            for i in 0..<column.count { out.append(column.isNull(i) ? .null : .int(values[i])) }
        case let (.float64(values), _):
            for i in 0..<column.count { out.append(column.isNull(i) ? .null : .float(values[i])) }
        case let (.float32(values), _):
            for i in 0..<column.count { out.append(column.isNull(i) ? .null : .float(Double(values[i]))) }
        case let (.struct(children), .numeric(nil, _)):
            for i in 0..<column.count {
                if column.isNull(i) {
                    out.append(.null)
                } else if case let .decimal(unscaled) = children[0].value(at: i),
                    case let .int(scale) = children[1].value(at: i)
                {
                    out.append(.numeric(SQLNumeric(unscaled: unscaled, scale: Int(scale))))
                } else {
                    out.append(.null)
                }
            }
        default:
            for i in 0..<column.count { out.append(TypedVector.datum(column, i, type)) }
        }
        return out
    }

    static func column(_ datums: [Datum], _ type: SQLType) throws -> Column {
        let builder = ColumnBuilder(type: type.dataType, capacity: datums.count)
        for datum in datums {
            switch (datum, type) {
            case (.null, _): builder.appendNull()
            case let (.int(value), .integer): builder.append(int32: Int32(truncatingIfNeeded: value))
            case let (.int(value), .bigint): builder.append(int64: value)
            case let (.float(value), _): builder.append(float64: value)
            case let (.text(value), _): builder.append(string: value)
            case let (.boolean(value), _): builder.append(bool: value)
            default: try builder.append(datum.columnarValue(as: type))
            }
        }
        return builder.finish()
    }

    func batch(_ columns: [PlanColumn]) throws -> ColumnBatch {
        let schema = Schema(columns.map { Field($0.name, $0.type.dataType) })
        if columns.isEmpty { return ColumnBatch.empty(schema) }
        return try ColumnBatch(
            schema: schema,
            columns: zip(vectors, columns).map { vector, column in
                // A typed column read whole in the output's layout goes out as it is.
                if case let .typed(typed) = vector, typed.selection == nil, typed.column.type == column.type.dataType,
                    typed.column.count == count
                {
                    return typed.column
                }
                return try Chunk.column(vector.datums, column.type)
            })
    }

    /// The rows at `indices` (a selection vector).
    func gather(_ indices: [Int]) -> Chunk {
        Chunk(vectors: vectors.map { $0.gather(indices) }, count: indices.count)
    }

    func row(_ index: Int) -> [Datum] {
        if let columns = datumColumns ?? cache?.columns { return columns.map { $0[index] } }
        return vectors.map { $0[index] }
    }

    static func fromRows(_ rows: [[Datum]], width: Int) -> Chunk {
        var columns = [[Datum]](repeating: [], count: width)
        for row in rows { for (index, value) in row.enumerated() { columns[index].append(value) } }
        return Chunk(columns: columns, count: rows.count)
    }
}

/// The datums of a chunk's columns once made (a reference, so a chunk read through `let` can keep them).
final class DatumColumns {
    var columns: [[Datum]]?
}
