/// parquet.thrift `PageLocation` and `OffsetIndex`.
struct OffsetIndex: Sendable, Hashable {
    struct PageLocation: Sendable, Hashable {
        var offset: Int64
        var compressedPageSize: Int32
        var firstRowIndex: Int64
    }

    var pageLocations: [PageLocation] = []

    func encode() -> [UInt8] {
        var w = CompactWriter()
        w.beginStruct()
        w.field(1, structList: pageLocations.count) { w, i in
            let p = pageLocations[i]
            w.field(1, i64: p.offset)
            w.field(2, i32: p.compressedPageSize)
            w.field(3, i64: p.firstRowIndex)
        }
        w.endStruct()
        return w.bytes
    }

    /// Decodes an OffsetIndex (unknown fields, such as `unencoded_byte_array_data_bytes`, are skipped).
    static func decode(_ bytes: [UInt8]) throws(ParquetError) -> OffsetIndex {
        var r = CompactReader(bytes: bytes)
        try r.beginStruct()
        var index = OffsetIndex()
        var sawLocations = false
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .list):
                sawLocations = true
                try r.readStructList { (r) throws(ParquetError) in
                    var offset: Int64?
                    var size: Int32?
                    var first: Int64?
                    while let g = try r.nextField() {
                        switch (g.id, g.type) {
                        case (1, .i64): offset = try r.readI64()
                        case (2, .i32): size = try r.readI32()
                        case (3, .i64): first = try r.readI64()
                        default: try r.skip(g.type)
                        }
                    }
                    guard let offset, let size, let first else {
                        throw r.error("page location without offset, size or first row")
                    }
                    index.pageLocations.append(
                        PageLocation(offset: offset, compressedPageSize: size, firstRowIndex: first))
                }
            default: try r.skip(f.type)
            }
        }
        guard sawLocations else { throw r.error("offset index without page locations") }
        return index
    }
}

/// parquet.thrift `ColumnIndex`.
struct ColumnIndex: Sendable, Hashable {
    var nullPages: [Bool] = []
    var minValues: [[UInt8]] = []
    var maxValues: [[UInt8]] = []
    /// 0 UNORDERED, 1 ASCENDING, 2 DESCENDING.
    var boundaryOrder: Int32 = 0
    /// Empty when the writer left the optional null counts out.
    var nullCounts: [Int64] = []

    func encode() -> [UInt8] {
        var w = CompactWriter()
        w.beginStruct()
        w.field(1, boolList: nullPages)
        w.field(2, binaryList: minValues)
        w.field(3, binaryList: maxValues)
        w.field(4, i32: boundaryOrder)
        w.field(5, i64List: nullCounts)
        w.endStruct()
        return w.bytes
    }

    /// Decodes a ColumnIndex; the lists must agree in length (level histograms and other new fields are
    /// skipped).
    static func decode(_ bytes: [UInt8]) throws(ParquetError) -> ColumnIndex {
        var r = CompactReader(bytes: bytes)
        try r.beginStruct()
        var index = ColumnIndex()
        var seen = Set<Int16>()
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .list): index.nullPages = try r.readBoolList()
            case (2, .list): index.minValues = try r.readBinaryList()
            case (3, .list): index.maxValues = try r.readBinaryList()
            case (4, .i32): index.boundaryOrder = try r.readI32()
            case (5, .list): index.nullCounts = try r.readI64List()
            default:
                try r.skip(f.type)
                continue
            }
            seen.insert(f.id)
        }
        guard seen.isSuperset(of: [1, 2, 3, 4]) else {
            throw r.error("column index without null_pages, min_values, max_values or boundary_order")
        }
        let n = index.nullPages.count
        guard index.minValues.count == n, index.maxValues.count == n,
            index.nullCounts.isEmpty || index.nullCounts.count == n
        else {
            throw r.error("column index lists disagree in length")
        }
        return index
    }
}
