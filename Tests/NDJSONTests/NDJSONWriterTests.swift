import Codecs
import Columnar
import OutflowTestSupport
import Parquet
import Testing

@Suite(.onDedicatedThreads) struct NDJSONWriterTests {
    static func write(_ batch: ColumnBatch, compression: CompressionCodec = .none, omitNulls: Bool = true) throws
        -> [UInt8]
    {
        let sink = MemorySink()
        let writer = try NDJSONWriter(sink: sink, schema: batch.schema, compression: compression, omitNulls: omitNulls)
        try writer.write(batch)
        #expect(try writer.close() == batch.rowCount)
        return sink.bytes
    }

    static let smallSchema = Schema([
        Field("id", .int64, nullable: false),
        Field("name", .string),
        Field("ts", .timestamp),
        Field("day", .date),
        Field("price", .decimal(precision: 9, scale: 2)),
        Field("score", .float64),
        Field("blob", .binary),
        Field("web", .struct([Field("page", .string), Field("n", .int32)])),
        Field("tags", .list(Field("element", .string))),
        Field("attrs", .map(key: Field("key", .string, nullable: false), value: Field("value", .int64))),
    ])

    @Test func writesTheDocumentedTextForEachType() throws {
        let batch = try TestBatches.batch(
            Self.smallSchema,
            [
                [
                    .int(Int64.max), .string("a\"b\\c\n\u{1}é😀"), .timestamp(1_795_428_930_000_000), .date(19782),
                    .decimal(-5),
                    .float(1.5), .binary(Array("hello".utf8)), .struct([.string("home"), .null]),
                    .list([.string("x"), .null]),
                    .map([MapEntry(key: .string("k"), value: .int(-7)), MapEntry(key: .string("z"), value: .null)]),
                ],
                [
                    .int(Int64.min), .null, .timestamp(1_795_428_930_123_456), .date(-1), .decimal(123_456_789),
                    .float(-0.25), .binary([]),
                    .null, .list([]), .map([]),
                ],
                [
                    .int(0), .null, .timestamp(-1), .null, .null, .float(1e300), .null, .struct([.null, .null]), .null,
                    .null,
                ],
            ])
        let text = String(decoding: try Self.write(batch), as: UTF8.self)
        let expected = """
            {"id":9223372036854775807,"name":"a\\"b\\\\c\\n\\u0001é😀","ts":"2026-11-23T10:15:30Z","day":"2024-02-29",\
            "price":-0.05,"score":1.5,"blob":"aGVsbG8=","web":{"page":"home"},"tags":["x",null],"attrs":{"k":-7,"z":null}}
            {"id":-9223372036854775808,"ts":"2026-11-23T10:15:30.123456Z","day":"1969-12-31","price":1234567.89,"score":-0.25,\
            "blob":"","tags":[],"attrs":{}}
            {"id":0,"ts":"1969-12-31T23:59:59.999999Z","score":1e+300,"web":{}}

            """
        #expect(text == expected)
    }

    @Test func keepsNullsWhenAsked() throws {
        let schema = Schema([Field("a", .int32), Field("b", .struct([Field("c", .string)]))])
        let batch = try TestBatches.batch(schema, [[.null, .struct([.null])], [.int(1), .null]])
        let text = String(decoding: try Self.write(batch, omitNulls: false), as: UTF8.self)
        #expect(text == "{\"a\":null,\"b\":{\"c\":null}}\n{\"a\":1,\"b\":null}\n")
    }

    @Test(arguments: [CompressionCodec.none, .gzip, .zstd])
    func roundTripsNestedRowsThroughTheReader(compression: CompressionCodec) throws {
        let rows = TestBatches.eventRows(2_000)
        let batch = try TestBatches.batch(TestBatches.eventSchema, rows)
        let bytes = try Self.write(batch, compression: compression)
        #expect(CompressionCodec.detect(magic: bytes) == compression)
        let result = try NDJSONReader(schema: TestBatches.eventSchema, batchSize: 700).read(bytes, fileName: "rt.json")
        #expect(result.errors == [])
        #expect(result.validCount == rows.count)
        let readRows = result.batches.flatMap(\.rows)
        #expect(readRows.count == rows.count)
        for (i, (got, want)) in zip(readRows, rows).enumerated() where got != want {
            Issue.record("row \(i) differs:\n got \(got)\nwant \(want)")
            break
        }
    }

    @Test func writesSeveralBatchesAsOneFile() throws {
        let rows = TestBatches.eventRows(300)
        let sink = MemorySink()
        let writer = try NDJSONWriter(sink: sink, schema: TestBatches.eventSchema, compression: .gzip)
        try writer.write(try TestBatches.batch(TestBatches.eventSchema, Array(rows[0..<100])))
        try writer.write(try TestBatches.batch(TestBatches.eventSchema, Array(rows[100...])))
        #expect(try writer.close() == 300)
        let result = try NDJSONReader(schema: TestBatches.eventSchema).read(sink.bytes, fileName: "two.json.gz")
        #expect(result.batches.flatMap(\.rows) == rows)
    }

    @Test func rejectsABatchOfAnotherSchema() throws {
        let writer = try NDJSONWriter(sink: MemorySink(), schema: Self.smallSchema)
        let other = try TestBatches.batch(Schema([Field("id", .int32)]), [[.int(1)]])
        let error = #expect(throws: NDJSONError.self) { try writer.write(other) }
        #expect(error?.code == .schemaMismatch)
    }

    @Test func rejectsWritesAfterClose() throws {
        let writer = try NDJSONWriter(sink: MemorySink(), schema: Self.smallSchema)
        try writer.close()
        let error = #expect(throws: NDJSONError.self) { try writer.write(ColumnBatch.empty(Self.smallSchema)) }
        #expect(error?.code == .closed)
    }

    @Test func rejectsSnappyAndNonStringMapKeys() {
        #expect(throws: NDJSONError.self) {
            _ = try NDJSONWriter(sink: MemorySink(), schema: Self.smallSchema, compression: .snappy)
        }
        let schema = Schema([
            Field("m", .map(key: Field("key", .int64, nullable: false), value: Field("value", .string)))
        ])
        #expect(throws: NDJSONError.self) { _ = try NDJSONWriter(sink: MemorySink(), schema: schema) }
    }
}
