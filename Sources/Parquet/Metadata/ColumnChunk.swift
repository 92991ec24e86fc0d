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
            case (1, .list): try r.readStructList { (r) throws(ParquetError) in g.columns.append(try ColumnChunk.decode(&r)) }
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
