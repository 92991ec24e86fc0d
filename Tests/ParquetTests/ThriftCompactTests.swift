import OutflowTestSupport
import Testing

@testable import Parquet

@Suite(.onDedicatedThreads) struct ThriftCompactTests {
    @Test(arguments: [
        Int64(0), 1, -1, 63, -64, 64, 300, -300, Int64(Int32.max), Int64(Int32.min), Int64.max, Int64.min,
    ])
    func i64FieldsRoundTripThroughZigzagVarints(_ value: Int64) throws {
        var w = CompactWriter()
        w.beginStruct()
        w.field(1, i64: value)
        w.field(20, i64: value)
        w.endStruct()
        var r = CompactReader(bytes: w.bytes)
        try r.beginStruct()
        var seen: [Int16: Int64] = [:]
        while let f = try r.nextField() { seen[f.id] = try r.readI64() }
        #expect(seen == [1: value, 20: value])
    }

    @Test func fieldIdDeltasUseTheShortFormAndLongGapsTheLongForm() {
        var w = CompactWriter()
        w.beginStruct()
        w.field(1, i32: 0)
        w.field(17, i32: 0)
        w.endStruct()
        // 0x15 = delta 1, type i32; then value 0; long form: type byte 0x05 + zigzag(17)=34.
        #expect(w.bytes == [0x15, 0x00, 0x05, 34, 0x00, 0x00])
    }

    @Test func fileMetaDataRoundTrips() throws {
        var meta = FileMetaData()
        var root = SchemaElement(name: "schema")
        root.numChildren = 1
        var leaf = SchemaElement(name: "ts")
        leaf.type = PhysicalType.int64.rawValue
        leaf.repetition = Repetition.optional.rawValue
        leaf.logicalType = .timestamp(utc: true, unit: .micros)
        meta.schema = [root, leaf]
        meta.numRows = 42
        var chunk = ColumnChunk()
        var cm = ColumnMetaData()
        cm.pathInSchema = ["ts"]
        cm.encodings = [0, 3, 8]
        cm.statistics = Statistics()
        cm.statistics?.minValue = [1, 2]
        chunk.metaData = cm
        meta.rowGroups = [RowGroup(columns: [chunk], totalByteSize: 10, numRows: 42)]
        meta.keyValueMetadata = [KeyValue(key: "k", value: "v")]
        meta.createdBy = "test"
        let decoded = try FileMetaData.decode(meta.encode())
        #expect(decoded.schema == meta.schema)
        #expect(decoded.rowGroups == meta.rowGroups)
        #expect(decoded.keyValueMetadata == meta.keyValueMetadata)
        #expect(decoded.numRows == 42)
    }

    @Test func unknownFieldsOfEveryTypeAreSkipped() throws {
        var w = CompactWriter()
        w.beginStruct()
        w.field(90, string: "ignored")
        w.field(91) { $0.field(1, i64List: [1, 2, 3]) }
        w.field(92, boolList: [true, false])
        w.field(93, bool: true)
        w.field(3, i64: 7)
        w.endStruct()
        var r = CompactReader(bytes: w.bytes)
        try r.beginStruct()
        var value: Int64?
        while let f = try r.nextField() {
            if f.id == 3 { value = try r.readI64() } else { try r.skip(f.type) }
        }
        #expect(value == 7)
    }

    @Test func lyingListLengthFailsInsteadOfAllocating() {
        // A list header claiming 2^40 i32 elements in a 10-byte buffer.
        var bytes: [UInt8] = [0x19, 0xF5]
        var v: UInt64 = 1 << 40
        while v >= 0x80 { bytes.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
        var r = CompactReader(bytes: bytes)
        #expect(throws: ParquetError.self) {
            try r.beginStruct()
            while let f = try r.nextField() { try r.skip(f.type) }
        }
    }

    @Test func deeplyNestedStructsHitTheDepthLimit() {
        // 200 nested struct fields: 0x1C = delta 1, type struct.
        let bytes = [UInt8](repeating: 0x1C, count: 200)
        var r = CompactReader(bytes: bytes)
        #expect(throws: ParquetError.self) {
            try r.beginStruct()
            while let f = try r.nextField() { try r.skip(f.type) }
        }
    }
}
