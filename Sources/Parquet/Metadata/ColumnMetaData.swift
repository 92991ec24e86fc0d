/// parquet.thrift `ColumnMetaData`.
struct ColumnMetaData: Sendable, Hashable {
    var type: Int32 = 0
    var encodings: [Int32] = []
    var pathInSchema: [String] = []
    var codec: Int32 = 0
    var numValues: Int64 = 0
    var totalUncompressedSize: Int64 = 0
    var totalCompressedSize: Int64 = 0
    var dataPageOffset: Int64 = 0
    var indexPageOffset: Int64?
    var dictionaryPageOffset: Int64?
    var statistics: Statistics?

    func encode(_ w: inout CompactWriter) {
        w.field(1, i32: type)
        w.field(2, i32List: encodings)
        w.field(3, stringList: pathInSchema)
        w.field(4, i32: codec)
        w.field(5, i64: numValues)
        w.field(6, i64: totalUncompressedSize)
        w.field(7, i64: totalCompressedSize)
        w.field(9, i64: dataPageOffset)
        if let indexPageOffset { w.field(10, i64: indexPageOffset) }
        if let dictionaryPageOffset { w.field(11, i64: dictionaryPageOffset) }
        if let statistics { w.field(12) { statistics.encode(&$0) } }
    }

    static func decode(_ r: inout CompactReader) throws(ParquetError) -> ColumnMetaData {
        var m = ColumnMetaData()
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .i32): m.type = try r.readI32()
            case (2, .list): m.encodings = try r.readI32List()
            case (3, .list): m.pathInSchema = try r.readStringList()
            case (4, .i32): m.codec = try r.readI32()
            case (5, .i64): m.numValues = try r.readI64()
            case (6, .i64): m.totalUncompressedSize = try r.readI64()
            case (7, .i64): m.totalCompressedSize = try r.readI64()
            case (9, .i64): m.dataPageOffset = try r.readI64()
            case (10, .i64): m.indexPageOffset = try r.readI64()
            case (11, .i64): m.dictionaryPageOffset = try r.readI64()
            case (12, .struct):
                try r.beginStruct()
                m.statistics = try Statistics.decode(&r)
            default: try r.skip(f.type)
            }
        }
        return m
    }
}
