import Codecs
import Columnar
import OutflowTestSupport
import Parquet
import Testing

@Suite(.onDedicatedThreads) struct NDJSONReaderTests {
    static let schema = Schema([
        Field("id", .int64, nullable: false),
        Field("name", .string),
        Field("score", .float64),
        Field("active", .boolean),
        Field("small", .int32),
        Field("price", .decimal(precision: 10, scale: 2)),
        Field("day", .date),
        Field("ts", .timestamp),
        Field("blob", .binary),
        Field(
            "web",
            .struct([
                Field("page", .struct([Field("name", .string), Field("views", .int32)])),
                Field("referrer", .string),
            ])),
        Field(
            "products",
            .list(
                Field(
                    "element",
                    .struct([
                        Field("sku", .string, nullable: false),
                        Field("price", .decimal(precision: 12, scale: 2)),
                    ])))),
        Field("attrs", .map(key: Field("key", .string, nullable: false), value: Field("value", .string))),
    ])

    static func read(_ text: String, schema: Schema = schema) throws -> NDJSONReadResult {
        try NDJSONReader(schema: schema).read(Array(text.utf8), fileName: "in.json")
    }

    @Test func readsEveryTypeExactly() throws {
        let line = """
            {"id":9223372036854775807,"name":"caf\\u00e9 \\ud83d\\ude00 ü","score":1.5,"active":true,"small":-2147483648,\
            "price":"12345678.90","day":"2024-02-29","ts":"2026-11-23T10:15:30.123456+02:00","blob":"aGVsbG8=",\
            "web":{"page":{"name":"home","views":3},"referrer":null},\
            "products":[{"sku":"a","price":1.5},{"sku":"b"}],"attrs":{"k":"v","z":null}}
            """
        let result = try Self.read(line + "\n")
        #expect(result.errors == [])
        #expect(result.recordCount == 1 && result.validCount == 1)
        let row = try #require(result.batches.first).row(0)
        #expect(row[0] == .int(Int64.max))
        #expect(row[1] == .string("café 😀 ü"))
        #expect(row[2] == .float(1.5))
        #expect(row[3] == .boolean(true))
        #expect(row[4] == .int(Int64(Int32.min)))
        #expect(row[5] == .decimal(1_234_567_890))
        #expect(row[6] == .date(19782))
        #expect(row[7] == .timestamp(1_795_428_930_123_456 - 7_200_000_000))
        #expect(row[8] == .binary(Array("hello".utf8)))
        #expect(row[9] == .struct([.struct([.string("home"), .int(3)]), .null]))
        #expect(row[10] == .list([.struct([.string("a"), .decimal(150)]), .struct([.string("b"), .null])]))
        #expect(
            row[11]
                == .map([MapEntry(key: .string("k"), value: .string("v")), MapEntry(key: .string("z"), value: .null)]))
    }

    @Test func absentNullableFieldsBecomeNull() throws {
        let result = try Self.read("{\"id\":1}\n\n  \n{\"id\":2,\"name\":null}\r\n")
        #expect(result.errors == [])
        #expect(result.recordCount == 2 && result.validCount == 2)
        let batch = try #require(result.batches.first)
        #expect(batch.rowCount == 2)
        #expect(batch.row(0)[1] == .null && batch.row(0)[9] == .null && batch.row(0)[10] == .null)
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        var json: String
        var path: String
        var reasonContains: String
        var testDescription: String { "\(path): \(reasonContains)" }
    }

    static let badCases: [BadCase] = [
        BadCase(json: #"{"id":1,"nope":2}"#, path: "nope", reasonContains: "unknown field"),
        BadCase(
            json: #"{"id":1,"web":{"page":{"title":"x"}}}"#, path: "web.page.title", reasonContains: "unknown field"),
        BadCase(json: #"{"name":"x"}"#, path: "id", reasonContains: "required field is missing"),
        BadCase(json: #"{"id":null}"#, path: "id", reasonContains: "null is not allowed"),
        BadCase(json: #"{"id":"1"}"#, path: "id", reasonContains: "expected int64"),
        BadCase(json: #"{"id":1.5}"#, path: "id", reasonContains: "fraction"),
        BadCase(json: #"{"id":9223372036854775808}"#, path: "id", reasonContains: "out of int64 range"),
        BadCase(json: #"{"id":1,"small":2147483648}"#, path: "small", reasonContains: "out of int32 range"),
        BadCase(json: #"{"id":1,"ts":1700000000000}"#, path: "ts", reasonContains: "epoch numbers are not accepted"),
        BadCase(json: #"{"id":1,"ts":"2026-11-23 10:15"}"#, path: "ts", reasonContains: "ISO-8601"),
        BadCase(json: #"{"id":1,"ts":"2026-11-23T10:15:30.1234567Z"}"#, path: "ts", reasonContains: "microsecond"),
        BadCase(json: #"{"id":1,"ts":"2026-11-23T10:15:30"}"#, path: "ts", reasonContains: "offset"),
        BadCase(json: #"{"id":1,"day":"2023-02-29"}"#, path: "day", reasonContains: "YYYY-MM-DD"),
        BadCase(json: #"{"id":1,"price":1.234}"#, path: "price", reasonContains: "more than 2 digits after the point"),
        BadCase(json: #"{"id":1,"price":123456789}"#, path: "price", reasonContains: "too many digits"),
        BadCase(json: #"{"id":1,"price":"abc"}"#, path: "price", reasonContains: "decimal(10,2)"),
        BadCase(json: #"{"id":1,"blob":"***"}"#, path: "blob", reasonContains: "base64"),
        BadCase(json: #"{"id":1,"active":"true"}"#, path: "active", reasonContains: "expected boolean"),
        BadCase(
            json: #"{"id":1,"products":[{"sku":"a"},{"sku":"b"},{"sku":"c","price":"x"}]}"#, path: "products[2].price",
            reasonContains: "decimal"),
        BadCase(
            json: #"{"id":1,"products":[{"sku":"a"},{"price":1}]}"#, path: "products[1].sku",
            reasonContains: "required field is missing"),
        BadCase(
            json: #"{"id":1,"products":{"sku":"a"}}"#, path: "products", reasonContains: "expected array, got object"),
        BadCase(json: #"{"id":1,"attrs":{"k":1}}"#, path: "attrs.k", reasonContains: "expected string, got number"),
        BadCase(json: #"{"id":1,"id":2}"#, path: "id", reasonContains: "duplicate"),
        BadCase(json: #"[1,2]"#, path: "", reasonContains: "must be a JSON object"),
        BadCase(json: #"{"id":1,"name":"x"#, path: "", reasonContains: "column"),
        BadCase(json: #"{"id":1,}"#, path: "", reasonContains: "syntax error at column 9"),
        BadCase(json: #"{"id":01}"#, path: "", reasonContains: "leading zeros"),
        BadCase(json: #"{"id":1,"name":"\ud800"}"#, path: "", reasonContains: "surrogate"),
        BadCase(json: #"{"id":1,"name":"\x"}"#, path: "", reasonContains: "escape"),
        BadCase(json: #"{"id":1} x"#, path: "", reasonContains: "after the JSON value"),
    ]

    @Test(arguments: badCases)
    func badRecordIsRejectedWithPathAndReason(_ bad: BadCase) throws {
        let text = "{\"id\":1}\n" + bad.json + "\n{\"id\":3}\n"
        let result = try Self.read(text)
        #expect(result.recordCount == 3)
        #expect(result.validCount == 2)
        #expect(result.batches.first?.rowCount == 2)
        let error = try #require(result.errors.first)
        #expect(result.errors.count == 1)
        #expect(error.line == 2)
        #expect(error.file == "in.json")
        #expect(error.fieldPath == bad.path)
        #expect(error.reason.contains(bad.reasonContains), "\(error.reason)")
    }

    @Test func invalidUTF8IsReportedWithItsColumn() throws {
        var bytes = Array("{\"id\":1}\n{\"id\":2,\"name\":\"ab".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\"}\n".utf8)
        let result = try NDJSONReader(schema: Self.schema).read(bytes, fileName: "f")
        #expect(result.validCount == 1)
        #expect(result.errors == [RecordError(file: "f", line: 2, fieldPath: "", reason: "invalid UTF-8 at column 19")])
    }

    @Test func badRecordContributesNoValues() throws {
        // The bad record fails late (in its last field); its earlier nested values must not leak in.
        let text = """
            {"id":1,"products":[{"sku":"a"}],"attrs":{"x":"1"}}
            {"id":2,"web":{"page":{"name":"p"}},"products":[{"sku":"b"},{"sku":"c"}],"attrs":{"y":"2"},"small":"bad"}
            {"id":3,"products":[{"sku":"d"}]}
            """
        let result = try Self.read(text)
        let batch = try #require(result.batches.first)
        #expect(result.errors.map(\.line) == [2])
        #expect(batch.rows.map { $0[0] } == [.int(1), .int(3)])
        #expect(
            batch.rows.map { $0[10] } == [
                .list([.struct([.string("a"), .null])]), .list([.struct([.string("d"), .null])]),
            ])
        #expect(batch.row(1)[9] == .null)
        #expect(batch.row(1)[11] == .null)
    }

    @Test func thousandLinesWithThreeBadOnesReportExactlyThose() throws {
        var lines: [String] = []
        for i in 1...1000 {
            switch i {
            case 17: lines.append(#"{"id":17,"web":{"page":{"views":"many"}}}"#)
            case 500: lines.append(#"{"id":500,"products":[{"sku":"a"},{"sku":"b"},{"sku":"c","price":1.999}]}"#)
            case 999: lines.append(#"{"id":999,"name":"x""#)
            default: lines.append(#"{"id":\#(i),"name":"n\#(i)","products":[{"sku":"s","price":\#(i).25}]}"#)
            }
        }
        let result = try NDJSONReader(schema: Self.schema, batchSize: 300).read(
            Array(lines.joined(separator: "\n").utf8), fileName: "big.json")
        #expect(result.recordCount == 1000)
        #expect(result.validCount == 997)
        #expect(result.errors.map(\.line) == [17, 500, 999])
        #expect(result.errors.map(\.fieldPath) == ["web.page.views", "products[2].price", ""])
        #expect(result.batches.map(\.rowCount) == [300, 300, 300, 97])
        let ids = result.batches.flatMap { $0.columns[0].values }
        #expect(ids.count == 997 && ids.first == .int(1) && ids.last == .int(1000))
    }

    @Test(arguments: [CompressionCodec.gzip, .zstd])
    func readsCompressedInput(codec: CompressionCodec) throws {
        let text = Array((1...500).map { #"{"id":\#($0)}"# }.joined(separator: "\n").utf8)
        let compressor = try StreamCompressor(codec: codec)
        let compressed = try compressor.compress(text) + compressor.finish()
        let result = try NDJSONReader(schema: Self.schema).read(compressed, fileName: "x.json.gz")
        #expect(result.validCount == 500 && result.errors.isEmpty)
    }

    @Test(arguments: [CompressionCodec.gzip, .zstd])
    func corruptCompressionIsAWholeFileError(codec: CompressionCodec) throws {
        let text = Array((1...500).map { #"{"id":\#($0)}"# }.joined(separator: "\n").utf8)
        let compressor = try StreamCompressor(codec: codec)
        let compressed = try compressor.compress(text) + compressor.finish()
        let error = #expect(throws: NDJSONError.self) {
            _ = try NDJSONReader(schema: Self.schema).read(Array(compressed.dropLast(7)), fileName: "x.gz")
        }
        #expect(error?.code == .corruptCompression)
        #expect(error?.file == "x.gz")
        #expect(error?.message.contains("after line") == true)
    }

    @Test func damageInTheMiddleOfAGzipFileNamesTheLastGoodLine() throws {
        let text = Array((1...50_000).map { #"{"id":\#($0)}"# }.joined(separator: "\n").utf8)
        let compressor = try StreamCompressor(codec: .gzip, level: nil, gzipMemberSize: 4096)
        var compressed = try compressor.compress(text) + compressor.finish()
        compressed[compressed.count * 3 / 5] ^= 0xFF
        let error = #expect(throws: NDJSONError.self) {
            _ = try NDJSONReader(schema: Self.schema).read(compressed, fileName: "mid.json.gz")
        }
        let line = error?.message.split(separator: " ").drop { $0 != "line" }.dropFirst().first.flatMap {
            Int($0.dropLast())
        }
        #expect((line ?? 0) > 10_000, "\(String(describing: error))")
        #expect((line ?? Int.max) < 50_000)
    }

    @Test func mapWithNonStringKeysIsAnUnsupportedSchema() {
        let schema = Schema([
            Field("m", .map(key: Field("key", .int32, nullable: false), value: Field("value", .string)))
        ])
        let error = #expect(throws: NDJSONError.self) { _ = try NDJSONReader(schema: schema).read([], fileName: "f") }
        #expect(error?.code == .unsupportedSchema)
    }

    @Test func recordsLargerThanTheInitialBuffersParse() throws {
        let schema = Schema([Field("id", .int64), Field("tags", .list(Field("element", .string)))])
        let tags = (0..<5000).map { "\"t\\n\($0)\"" }.joined(separator: ",")
        let text = "{\"id\":1,\"tags\":[\(tags)]}\n{\"id\":2,\"tags\":[\"x\"]}\n"
        let result = try NDJSONReader(schema: schema).read(Array(text.utf8), fileName: "big")
        #expect(result.errors == [])
        let rows = try #require(result.batches.first).rows
        #expect(rows[0][1] == .list((0..<5000).map { .string("t\n\($0)") }))
        #expect(rows[1][1] == .list([.string("x")]))
    }

    @Test func nestingDeeperThanTheLimitIsASyntaxError() throws {
        let schema = Schema([Field("id", .int64)])
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        let result = try NDJSONReader(schema: schema).read(Array("{\"id\":\(deep)}\n".utf8), fileName: "deep")
        #expect(result.errors.first?.reason.contains("nesting deeper than") == true)
    }

    @Test func emptyInputGivesNoBatches() throws {
        let result = try Self.read("\n\n")
        #expect(result.batches.isEmpty && result.recordCount == 0 && result.errors.isEmpty)
    }
}
