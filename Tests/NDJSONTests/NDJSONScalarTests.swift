import Columnar
import OutflowTestSupport
import Parquet
import Testing

/// Conversions of single JSON values, through the public reader and writer.
@Suite(.onDedicatedThreads) struct NDJSONScalarTests {
    static func readValue(_ json: String, as type: DataType) throws -> Result<Value, RecordError> {
        let schema = Schema([Field("v", type)])
        let result = try NDJSONReader(schema: schema).read(Array("{\"v\":\(json)}\n".utf8), fileName: "s")
        if let error = result.errors.first { return .failure(error) }
        return .success(result.batches.first?.row(0)[0] ?? .null)
    }

    static func writeValue(_ value: Value, as type: DataType) throws -> String {
        let schema = Schema([Field("v", type)])
        let builder = ColumnBuilder(type: type)
        try builder.append(value)
        let sink = MemorySink()
        let writer = try NDJSONWriter(sink: sink, schema: schema)
        try writer.write(try ColumnBatch(schema: schema, columns: [builder.finish()]))
        try writer.close()
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    static let timestamps: [(String, Int64)] = [
        (#""1970-01-01T00:00:00Z""#, 0),
        (#""1969-12-31T23:59:59.999999Z""#, -1),
        (#""2024-02-29T12:00:00.5Z""#, 1_709_208_000_500_000),
        (#""2024-02-29T12:00:00.500000000Z""#, 1_709_208_000_500_000),
        (#""2024-02-29T14:30:00+02:30""#, 1_709_208_000_000_000),
        (#""2024-02-29T06:00:00-0600""#, 1_709_208_000_000_000),
        (#""2024-02-29 12:00:00z""#, 1_709_208_000_000_000),
    ]

    @Test(arguments: timestamps)
    func readsISOTimestampsAsUTCMicros(json: String, micros: Int64) throws {
        #expect(try Self.readValue(json, as: .timestamp).get() == .timestamp(micros))
    }

    @Test(arguments: [
        #""2024-02-30T00:00:00Z""#, #""2024-02-29T24:00:00Z""#, #""2024-02-29T12:00:60Z""#,
        #""2024-02-29T12:00:00.Z""#, #""2024-02-29T12:00:00+25:00""#, #""2024-02-29T12:00:00Z ""#,
        #""24-02-29T12:00:00Z""#,
    ])
    func rejectsMalformedTimestamps(json: String) throws {
        guard case let .failure(error) = try Self.readValue(json, as: .timestamp) else {
            Issue.record("\(json) was accepted")
            return
        }
        #expect(error.fieldPath == "v")
        #expect(error.reason.contains("ISO-8601"))
    }

    static let decimals: [(String, Int, Int, Int128)] = [
        ("1.5e2", 5, 0, 150),
        ("-0.00", 5, 2, 0),
        ("\"-12.30\"", 5, 2, -1230),
        ("1E-2", 5, 2, 1),
        ("12.3400", 5, 2, 1234),
        ("0.000", 3, 3, 0),
        ("99999999999999999999999999999999999999", 38, 0, Int128("99999999999999999999999999999999999999") ?? 0),
    ]

    @Test(arguments: decimals)
    func readsDecimalsExactly(json: String, precision: Int, scale: Int, unscaled: Int128) throws {
        #expect(try Self.readValue(json, as: .decimal(precision: precision, scale: scale)).get() == .decimal(unscaled))
    }

    @Test(arguments: ["123.456", "1e3", "\"1.\"", "\"\"", "\"+-1\"", "-170141183460469231731687303715884105727"])
    func rejectsDecimalsThatDoNotFitDecimal5_2(json: String) throws {
        guard case let .failure(error) = try Self.readValue(json, as: .decimal(precision: 5, scale: 2)) else {
            Issue.record("\(json) was accepted")
            return
        }
        #expect(error.reason.contains("decimal(5,2)"))
    }

    @Test(arguments: ["0.1", "-2.5e-7", "123456789012345678", "1.7976931348623157e308", "5e-324", "3"])
    func readsFloatsToTheNearestDouble(json: String) throws {
        #expect(try Self.readValue(json, as: .float64).get() == .float(Double(json) ?? .nan))
    }

    @Test(arguments: [
        0.1, -2.5e-7, 1e21, 123.0, -0.0, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude, 1234567.125,
    ])
    func writesDoublesThatReadBackIdentically(value: Double) throws {
        let text = try Self.writeValue(.float(value), as: .float64)
        let json = String(text.dropFirst(5).dropLast(2))
        let back = try Self.readValue(json, as: .float64).get()
        #expect(back == .float(value), "\(text)")
        if case let .float(read) = back { #expect(read.sign == value.sign) }
    }

    @Test(arguments: [(Int128(0), 2, "0.00"), (-1, 3, "-0.001"), (123_456, 0, "123456"), (-1_000, 1, "-100.0")])
    func writesDecimalsWithTheirScale(unscaled: Int128, scale: Int, text: String) throws {
        let written = try Self.writeValue(.decimal(unscaled), as: .decimal(precision: 10, scale: scale))
        #expect(written == "{\"v\":\(text)}\n")
    }

    @Test(arguments: [
        ("", "\"\""), ("f", "\"Zg==\""), ("fo", "\"Zm8=\""), ("foo", "\"Zm9v\""), ("foob", "\"Zm9vYg==\""),
    ])
    func writesAndReadsBase64(bytes: String, text: String) throws {
        #expect(try Self.writeValue(.binary(Array(bytes.utf8)), as: .binary) == "{\"v\":\(text)}\n")
        #expect(try Self.readValue(text, as: .binary).get() == .binary(Array(bytes.utf8)))
    }

    @Test func readsUnpaddedBase64AndRejectsBadPadding() throws {
        #expect(try Self.readValue("\"Zm9vYg\"", as: .binary).get() == .binary(Array("foob".utf8)))
        #expect(throws: RecordError.self) { try Self.readValue("\"Zm9vY===\"", as: .binary).get() }
        #expect(throws: RecordError.self) { try Self.readValue("\"Z\"", as: .binary).get() }
    }
}
