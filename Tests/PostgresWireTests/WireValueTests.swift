import NIOCore
import Testing

@testable import PostgresWire

/// Text and binary formats, against what PostgreSQL 15 prints and sends for the same values.
@Suite struct WireValueTests {
    @Test(arguments: [
        (1.5, "1.5"), (0.1, "0.1"), (1e15, "1e+15"), (123_456_789_012_345, "123456789012345"), (1e-5, "1e-05"),
        (0.0001, "0.0001"), (100, "100"), (-2.5e-10, "-2.5e-10"), (1.7976931348623157e308, "1.7976931348623157e+308"),
        (Double.infinity, "Infinity"), (-0.0, "-0"), (0, "0"),
    ])
    func float8TextIsPostgreSQLs(value: Double, text: String) {
        #expect(WireValue.float64(value).textFormat(type: WireType.float8) == text)
    }

    @Test func float4SwitchesToExponentsAtSixDigits() {
        #expect(WireValue.float32(1.1).textFormat(type: WireType.float4) == "1.1")
        #expect(WireValue.float32(1_000_000).textFormat(type: WireType.float4) == "1e+06")
        #expect(WireValue.float32(123_456).textFormat(type: WireType.float4) == "123456")
        #expect(WireValue.float32(.nan).textFormat(type: WireType.float4) == "NaN")
    }

    @Test func datesAndTimestampsUseISOStyle() {
        #expect(WireValue.date(0).textFormat(type: WireType.date) == "2000-01-01")
        #expect(WireValue.date(8_766).textFormat(type: WireType.date) == "2024-01-01")
        #expect(WireValue.date(-730_120).textFormat(type: WireType.date) == "0001-12-31 BC")
        #expect(WireValue.date(Int32.max).textFormat(type: WireType.date) == "infinity")
        #expect(WireValue.timestamp(1_500_000).textFormat(type: WireType.timestamp) == "2000-01-01 00:00:01.5")
        #expect(WireValue.timestamptz(-1).textFormat(type: WireType.timestamptz) == "1999-12-31 23:59:59.999999+00")
        #expect(WireValue.time(45_296_000_123).textFormat(type: WireType.time) == "12:34:56.000123")
    }

    @Test func intervalsUsePostgresStyle() {
        let micros: Int64 = ((4 * 60 + 5) * 60 + 6) * 1_000_000 + 500_000
        #expect(
            WireValue.interval(months: 14, days: 3, microseconds: micros).textFormat(type: WireType.interval)
                == "1 year 2 mons 3 days 04:05:06.5")
        #expect(
            WireValue.interval(months: 0, days: 0, microseconds: 0).textFormat(type: WireType.interval) == "00:00:00")
        #expect(
            WireValue.interval(months: -1, days: 2, microseconds: 0).textFormat(type: WireType.interval)
                == "-1 mons +2 days")
        #expect(
            WireValue.interval(months: 0, days: -1, microseconds: -1_000_000).textFormat(type: WireType.interval)
                == "-1 days -00:00:01")
    }

    @Test func arraysQuoteWhatNeedsQuoting() {
        let value = WireValue.array([.text("a b"), .null, .text(""), .text("x"), .text("say \"hi\"")])
        #expect(value.textFormat(type: 1009) == "{\"a b\",NULL,\"\",x,\"say \\\"hi\\\"\"}")
        #expect(WireValue.array([.int32(1), .int32(2)]).textFormat(type: 1007) == "{1,2}")
    }

    @Test func byteaIsHex() {
        #expect(WireValue.bytea([0xDE, 0xAD, 0x01]).textFormat(type: WireType.bytea) == "\\xdead01")
    }

    static func binary(_ value: WireValue, type: UInt32) throws -> [UInt8] {
        var out = ByteBuffer()
        _ = try value.writeBinary(type: type, into: &out)
        return out.readBytes(length: out.readableBytes) ?? []
    }

    /// Numerics and their `numeric_send` bytes.
    static let numerics: [(String, [UInt8])] = [
        ("-12.50", [0, 2, 0, 0, 0x40, 0, 0, 2, 0, 12, 0x13, 0x88]),
        ("0", [0, 0, 0, 0, 0, 0, 0, 0]),
        ("10000", [0, 1, 0, 1, 0, 0, 0, 0, 0, 1]),
        ("0.0001", [0, 1, 0xFF, 0xFF, 0, 0, 0, 4, 0, 1]),
        ("NaN", [0, 0, 0, 0, 0xC0, 0, 0, 0]),
        ("123456.789", [0, 3, 0, 1, 0, 0, 0, 3, 0, 12, 0x0D, 0x80, 0x1E, 0xD2]),
    ]

    @Test(arguments: numerics)
    func numericBinaryMatchesNumericSend(text: String, bytes: [UInt8]) throws {
        #expect(try Self.binary(.numeric(text), type: WireType.numeric) == bytes)
    }

    @Test(arguments: numerics)
    func binaryNumericParametersReadAsTheirText(text: String, bytes: [UInt8]) throws {
        let parameter = WireParameter(bytes: ByteBuffer(bytes: bytes), format: .binary, typeOID: WireType.numeric)
        #expect(try parameter.decoded() == .numeric(text))
    }

    @Test func malformedBinaryNumericParametersAreRefused() {
        for bytes: [UInt8] in [[0, 1], [0, 1, 0, 0, 0x12, 0x34, 0, 0, 0, 1], [0, 1, 0, 0, 0, 0, 0, 0, 0x27, 0x10]] {
            let parameter = WireParameter(bytes: ByteBuffer(bytes: bytes), format: .binary, typeOID: WireType.numeric)
            #expect(throws: WireError.self) { try parameter.decoded() }
        }
    }

    @Test func recordsAreSentAsRecordSendWritesThem() throws {
        // record_send: field count, then each field's type OID and length-prefixed value (-1 for NULL).
        let value = WireValue.record(
            [
                WireRecordField(typeOID: WireType.int4, value: .int32(1)),
                WireRecordField(typeOID: WireType.text, value: .text("a")),
                WireRecordField(typeOID: WireType.int4, value: .null),
            ], text: "(1,a,)")
        #expect(
            try Self.binary(value, type: WireType.record) == [
                0, 0, 0, 3, 0, 0, 0, 23, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 25, 0, 0, 0, 1, 0x61, 0, 0, 0, 23, 0xFF, 0xFF,
                0xFF, 0xFF,
            ])
        #expect(value.textFormat(type: WireType.record) == "(1,a,)")
        let array = WireValue.array([value])
        #expect(array.textFormat(type: 2287) == "{\"(1,a,)\"}")
    }

    @Test func malformedNumericTextIsAnErrorNotACrash() {
        #expect(throws: WireError.self) { try Self.binary(.numeric("1.2.3"), type: WireType.numeric) }
        #expect(throws: WireError.self) { try Self.binary(.numeric("."), type: WireType.numeric) }
        #expect(throws: WireError.self) { try Self.binary(.numeric("１"), type: WireType.numeric) }
    }

    @Test func binaryArraysHaveHeaderAndLengths() throws {
        let bytes = try Self.binary(.array([.int32(7), .null]), type: 1007)
        #expect(
            bytes == [
                0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 23, 0, 0, 0, 2, 0, 0, 0, 1,
                0, 0, 0, 4, 0, 0, 0, 7, 0xFF, 0xFF, 0xFF, 0xFF,
            ])
    }

    @Test func jsonbAndIntervalBinary() throws {
        #expect(try Self.binary(.text("{}"), type: WireType.jsonb) == [1, UInt8(ascii: "{"), UInt8(ascii: "}")])
        #expect(
            try Self.binary(.interval(months: 1, days: 2, microseconds: 3), type: WireType.interval)
                == [0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 1])
    }

    @Test func binaryParametersDecodeAndBadLengthsAreErrors() throws {
        let four = WireParameter(bytes: ByteBuffer(bytes: [0, 0, 1, 0]), format: .binary, typeOID: WireType.int4)
        #expect(try four.decoded() == .int32(256))
        let short = WireParameter(bytes: ByteBuffer(bytes: [0, 1]), format: .binary, typeOID: WireType.int8)
        #expect(throws: WireError.self) { try short.decoded() }
        let text = WireParameter(bytes: ByteBuffer(string: "42"), format: .text, typeOID: WireType.int4)
        #expect(try text.decoded() == .text("42"))
        #expect(try WireParameter(bytes: nil, format: .binary, typeOID: WireType.int4).decoded() == .null)
    }

    @Test func dataRowsCarryFormatsPerColumn() throws {
        let writer = DataRowWriter(
            columns: [WireColumn(name: "a", typeOID: WireType.int4), WireColumn(name: "b", typeOID: WireType.text)],
            formats: [.binary, .text])
        var out = ByteBuffer()
        try writer.write([.int32(1), .null], into: &out)
        #expect(
            out.readBytes(length: out.readableBytes)
                == [UInt8(ascii: "D"), 0, 0, 0, 18, 0, 2, 0, 0, 0, 4, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(
            BackendMessage.dataRow(DataRow(values: [ByteBuffer(bytes: [0, 0, 0, 1]), nil])).encoded
                == [UInt8(ascii: "D"), 0, 0, 0, 18, 0, 2, 0, 0, 0, 4, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF])
    }
}
