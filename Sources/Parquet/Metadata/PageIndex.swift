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
}

/// parquet.thrift `ColumnIndex`.
struct ColumnIndex: Sendable, Hashable {
    var nullPages: [Bool] = []
    var minValues: [[UInt8]] = []
    var maxValues: [[UInt8]] = []
    /// 0 UNORDERED, 1 ASCENDING, 2 DESCENDING.
    var boundaryOrder: Int32 = 0
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
}
