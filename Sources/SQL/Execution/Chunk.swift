import Columnar

/// A batch's columns as datums, the form the row-wise kernels read. Operators exchange `ColumnBatch`es and
/// convert at their edges.
struct Chunk {
    var columns: [[Datum]]
    var count: Int

    init(columns: [[Datum]], count: Int) {
        self.columns = columns
        self.count = count
    }

    init(_ batch: ColumnBatch, types: [SQLType]) {
        columns = zip(batch.columns, types).map { Chunk.datums($0, $1) }
        count = batch.rowCount
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
            for i in 0..<column.count { out.append(Datum(column.value(at: i), type: type)) }
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
            schema: schema, columns: zip(self.columns, columns).map { try Chunk.column($0, $1.type) })
    }

    /// The rows at `indices` (a selection vector).
    func gather(_ indices: [Int]) -> Chunk {
        Chunk(columns: columns.map { column in indices.map { column[$0] } }, count: indices.count)
    }

    func row(_ index: Int) -> [Datum] { columns.map { $0[index] } }

    static func fromRows(_ rows: [[Datum]], width: Int) -> Chunk {
        var columns = [[Datum]](repeating: [], count: width)
        for row in rows { for (index, value) in row.enumerated() { columns[index].append(value) } }
        return Chunk(columns: columns, count: rows.count)
    }
}
