/// parquet.thrift `DataPageHeader`.
struct DataPageHeader: Sendable, Hashable {
    var numValues: Int32 = 0
    var encoding: Int32 = 0
    var definitionLevelEncoding: Int32 = Encoding.rle.rawValue
    var repetitionLevelEncoding: Int32 = Encoding.rle.rawValue
    var statistics: Statistics?
}

/// parquet.thrift `DataPageHeaderV2`.
struct DataPageHeaderV2: Sendable, Hashable {
    var numValues: Int32 = 0
    var numNulls: Int32 = 0
    var numRows: Int32 = 0
    var encoding: Int32 = 0
    var definitionLevelsByteLength: Int32 = 0
    var repetitionLevelsByteLength: Int32 = 0
    var isCompressed: Bool = true
    var statistics: Statistics?
}

/// parquet.thrift `DictionaryPageHeader`.
struct DictionaryPageHeader: Sendable, Hashable {
    var numValues: Int32 = 0
    var encoding: Int32 = Encoding.plain.rawValue
    var isSorted: Bool?
}

/// parquet.thrift `PageHeader`.
struct PageHeader: Sendable, Hashable {
    var type: Int32 = 0
    var uncompressedPageSize: Int32 = 0
    var compressedPageSize: Int32 = 0
    var crc: Int32?
    var dataPageHeader: DataPageHeader?
    var dictionaryPageHeader: DictionaryPageHeader?
    var dataPageHeaderV2: DataPageHeaderV2?

    func encode() -> [UInt8] {
        var w = CompactWriter()
        w.beginStruct()
        w.field(1, i32: type)
        w.field(2, i32: uncompressedPageSize)
        w.field(3, i32: compressedPageSize)
        if let crc { w.field(4, i32: crc) }
        if let h = dataPageHeader {
            w.field(5) { w in
                w.field(1, i32: h.numValues)
                w.field(2, i32: h.encoding)
                w.field(3, i32: h.definitionLevelEncoding)
                w.field(4, i32: h.repetitionLevelEncoding)
                if let s = h.statistics { w.field(5) { s.encode(&$0) } }
            }
        }
        if let h = dictionaryPageHeader {
            w.field(7) { w in
                w.field(1, i32: h.numValues)
                w.field(2, i32: h.encoding)
                if let sorted = h.isSorted { w.field(3, bool: sorted) }
            }
        }
        if let h = dataPageHeaderV2 {
            w.field(8) { w in
                w.field(1, i32: h.numValues)
                w.field(2, i32: h.numNulls)
                w.field(3, i32: h.numRows)
                w.field(4, i32: h.encoding)
                w.field(5, i32: h.definitionLevelsByteLength)
                w.field(6, i32: h.repetitionLevelsByteLength)
                w.field(7, bool: h.isCompressed)
                if let s = h.statistics { w.field(8) { s.encode(&$0) } }
            }
        }
        w.endStruct()
        return w.bytes
    }

    /// Decodes a header starting at `position` in `bytes`; returns it and the header's length.
    static func decode(_ bytes: [UInt8], at position: Int, end: Int) throws(ParquetError) -> (PageHeader, Int) {
        var r = CompactReader(bytes: bytes, position: position, end: end)
        var h = PageHeader()
        try r.beginStruct()
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .i32): h.type = try r.readI32()
            case (2, .i32): h.uncompressedPageSize = try r.readI32()
            case (3, .i32): h.compressedPageSize = try r.readI32()
            case (4, .i32): h.crc = try r.readI32()
            case (5, .struct):
                try r.beginStruct()
                var d = DataPageHeader()
                while let g = try r.nextField() {
                    switch (g.id, g.type) {
                    case (1, .i32): d.numValues = try r.readI32()
                    case (2, .i32): d.encoding = try r.readI32()
                    case (3, .i32): d.definitionLevelEncoding = try r.readI32()
                    case (4, .i32): d.repetitionLevelEncoding = try r.readI32()
                    case (5, .struct):
                        try r.beginStruct()
                        d.statistics = try Statistics.decode(&r)
                    default: try r.skip(g.type)
                    }
                }
                h.dataPageHeader = d
            case (7, .struct):
                try r.beginStruct()
                var d = DictionaryPageHeader()
                while let g = try r.nextField() {
                    switch (g.id, g.type) {
                    case (1, .i32): d.numValues = try r.readI32()
                    case (2, .i32): d.encoding = try r.readI32()
                    case (3, .boolTrue), (3, .boolFalse): d.isSorted = r.readBool(g.type)
                    default: try r.skip(g.type)
                    }
                }
                h.dictionaryPageHeader = d
            case (8, .struct):
                try r.beginStruct()
                var d = DataPageHeaderV2()
                while let g = try r.nextField() {
                    switch (g.id, g.type) {
                    case (1, .i32): d.numValues = try r.readI32()
                    case (2, .i32): d.numNulls = try r.readI32()
                    case (3, .i32): d.numRows = try r.readI32()
                    case (4, .i32): d.encoding = try r.readI32()
                    case (5, .i32): d.definitionLevelsByteLength = try r.readI32()
                    case (6, .i32): d.repetitionLevelsByteLength = try r.readI32()
                    case (7, .boolTrue), (7, .boolFalse): d.isCompressed = r.readBool(g.type)
                    case (8, .struct):
                        try r.beginStruct()
                        d.statistics = try Statistics.decode(&r)
                    default: try r.skip(g.type)
                    }
                }
                h.dataPageHeaderV2 = d
            default: try r.skip(f.type)
            }
        }
        return (h, r.position - position)
    }
}
