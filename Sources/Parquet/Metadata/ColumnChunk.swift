/// parquet.thrift `ColumnChunk`.
struct ColumnChunk: Sendable, Hashable {
    var filePath: String?
    var fileOffset: Int64 = 0
    var metaData: ColumnMetaData?
    var offsetIndexOffset: Int64?
    var offsetIndexLength: Int32?
    var columnIndexOffset: Int64?
    var columnIndexLength: Int32?

    func encode(_ w: inout CompactWriter) {
        if let filePath { w.field(1, string: filePath) }
        w.field(2, i64: fileOffset)
        if let metaData { w.field(3) { metaData.encode(&$0) } }
        if let offsetIndexOffset { w.field(4, i64: offsetIndexOffset) }
        if let offsetIndexLength { w.field(5, i32: offsetIndexLength) }
        if let columnIndexOffset { w.field(6, i64: columnIndexOffset) }
        if let columnIndexLength { w.field(7, i32: columnIndexLength) }
    }

    static func decode(_ r: inout CompactReader) throws(ParquetError) -> ColumnChunk {
        var c = ColumnChunk()
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .binary): c.filePath = try r.readString()
            case (2, .i64): c.fileOffset = try r.readI64()
            case (3, .struct):
                try r.beginStruct()
                c.metaData = try ColumnMetaData.decode(&r)
            case (4, .i64): c.offsetIndexOffset = try r.readI64()
            case (5, .i32): c.offsetIndexLength = try r.readI32()
            case (6, .i64): c.columnIndexOffset = try r.readI64()
            case (7, .i32): c.columnIndexLength = try r.readI32()
            default: try r.skip(f.type)
            }
        }
        return c
    }
}
