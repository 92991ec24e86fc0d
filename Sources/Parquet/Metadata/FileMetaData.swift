/// parquet.thrift `FileMetaData`: the footer.
struct FileMetaData: Sendable, Hashable {
    var version: Int32 = 2
    var schema: [SchemaElement] = []
    var numRows: Int64 = 0
    var rowGroups: [RowGroup] = []
    var keyValueMetadata: [KeyValue]?
    var createdBy: String?
    /// Number of TypeDefinedOrder column orders to write (one per leaf column).
    var columnOrderCount: Int = 0

    func encode() -> [UInt8] {
        var w = CompactWriter()
        w.beginStruct()
        w.field(1, i32: version)
        w.field(2, structList: schema.count) { w, i in schema[i].encode(&w) }
        w.field(3, i64: numRows)
        w.field(4, structList: rowGroups.count) { w, i in rowGroups[i].encode(&w) }
        if let keyValueMetadata {
            w.field(5, structList: keyValueMetadata.count) { w, i in keyValueMetadata[i].encode(&w) }
        }
        if let createdBy { w.field(6, string: createdBy) }
        if columnOrderCount > 0 {
            w.field(7, structList: columnOrderCount) { w, _ in w.field(1) { _ in } }
        }
        w.endStruct()
        return w.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(ParquetError) -> FileMetaData {
        var r = CompactReader(bytes: bytes)
        var m = FileMetaData()
        try r.beginStruct()
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .i32): m.version = try r.readI32()
            case (2, .list):
                try r.readStructList { (r) throws(ParquetError) in m.schema.append(try SchemaElement.decode(&r)) }
            case (3, .i64): m.numRows = try r.readI64()
            case (4, .list):
                try r.readStructList { (r) throws(ParquetError) in m.rowGroups.append(try RowGroup.decode(&r)) }
            case (5, .list):
                var kvs: [KeyValue] = []
                try r.readStructList { (r) throws(ParquetError) in kvs.append(try KeyValue.decode(&r)) }
                m.keyValueMetadata = kvs
            case (6, .binary): m.createdBy = try r.readString()
            default: try r.skip(f.type)
            }
        }
        return m
    }
}
