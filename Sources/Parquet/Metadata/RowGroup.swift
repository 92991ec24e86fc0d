/// parquet.thrift `RowGroup`.
struct RowGroup: Sendable, Hashable {
    var columns: [ColumnChunk] = []
    var totalByteSize: Int64 = 0
    var numRows: Int64 = 0
    var fileOffset: Int64?
    var totalCompressedSize: Int64?
    var ordinal: Int16?

    func encode(_ w: inout CompactWriter) {
        w.field(1, structList: columns.count) { w, i in columns[i].encode(&w) }
        w.field(2, i64: totalByteSize)
        w.field(3, i64: numRows)
        if let fileOffset { w.field(5, i64: fileOffset) }
        if let totalCompressedSize { w.field(6, i64: totalCompressedSize) }
        if let ordinal { w.field(7, i16: ordinal) }
    }

    static func decode(_ r: inout CompactReader) throws(ParquetError) -> RowGroup {
        var g = RowGroup()
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .list):
                try r.readStructList { (r) throws(ParquetError) in g.columns.append(try ColumnChunk.decode(&r)) }
            case (2, .i64): g.totalByteSize = try r.readI64()
            case (3, .i64): g.numRows = try r.readI64()
            case (5, .i64): g.fileOffset = try r.readI64()
            case (6, .i64): g.totalCompressedSize = try r.readI64()
            default: try r.skip(f.type)
            }
        }
        return g
    }
}
