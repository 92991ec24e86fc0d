/// parquet.thrift `SchemaElement`: one node of the flattened schema tree (depth-first order).
struct SchemaElement: Sendable, Hashable {
    var type: Int32?
    var typeLength: Int32?
    var repetition: Int32?
    var name: String
    var numChildren: Int32?
    var convertedType: Int32?
    var scale: Int32?
    var precision: Int32?
    var fieldID: Int32?
    var logicalType: LogicalType?

    init(name: String) {
        self.name = name
    }

    var physicalType: PhysicalType? { type.flatMap(PhysicalType.init(rawValue:)) }
    var repetitionType: Repetition { repetition.flatMap(Repetition.init(rawValue:)) ?? .required }
    var converted: ConvertedType? { convertedType.flatMap(ConvertedType.init(rawValue:)) }

    func encode(_ w: inout CompactWriter) {
        if let type { w.field(1, i32: type) }
        if let typeLength { w.field(2, i32: typeLength) }
        if let repetition { w.field(3, i32: repetition) }
        w.field(4, string: name)
        if let numChildren { w.field(5, i32: numChildren) }
        if let convertedType { w.field(6, i32: convertedType) }
        if let scale { w.field(7, i32: scale) }
        if let precision { w.field(8, i32: precision) }
        if let fieldID { w.field(9, i32: fieldID) }
        if let logicalType { w.field(10) { logicalType.encode(&$0) } }
    }

    static func decode(_ r: inout CompactReader) throws(ParquetError) -> SchemaElement {
        var e = SchemaElement(name: "")
        var sawName = false
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .i32): e.type = try r.readI32()
            case (2, .i32): e.typeLength = try r.readI32()
            case (3, .i32): e.repetition = try r.readI32()
            case (4, .binary): e.name = try r.readString(); sawName = true
            case (5, .i32): e.numChildren = try r.readI32()
            case (6, .i32): e.convertedType = try r.readI32()
            case (7, .i32): e.scale = try r.readI32()
            case (8, .i32): e.precision = try r.readI32()
            case (9, .i32): e.fieldID = try r.readI32()
            case (10, .struct):
                try r.beginStruct()
                e.logicalType = try LogicalType.decode(&r)
            default: try r.skip(f.type)
            }
        }
        guard sawName else { throw r.error("schema element without a name") }
        return e
    }
}
