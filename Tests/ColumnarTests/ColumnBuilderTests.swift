import Columnar
import OutflowTestSupport
import Testing

@Suite(.onDedicatedThreads) struct ColumnBuilderTests {
    @Test func nestedValuesRoundTripThroughBuilder() throws {
        let product = DataType.struct([
            Field("sku", .string, nullable: false), Field("price", .decimal(precision: 10, scale: 2)),
        ])
        let type = DataType.struct([
            Field("id", .int64, nullable: false),
            Field("products", .list(Field("element", product))),
            Field(
                "identities",
                .map(
                    key: Field("key", .string, nullable: false), value: Field("value", .list(Field("element", .string)))
                )),
            Field("ts", .timestamp),
        ])
        let builder = ColumnBuilder(type: type)
        let rows: [Value] = [
            .struct([
                .int(1), .list([.struct([.string("A"), .decimal(1999)]), .null]),
                .map([MapEntry(key: .string("ECID"), value: .list([.string("x")]))]), .timestamp(5),
            ]),
            .null,
            .struct([.int(2), .null, .map([]), .null]),
        ]
        for row in rows { try builder.append(row) }
        let column = builder.finish()
        #expect(column.count == 3)
        #expect(column.nullCount == 1)
        #expect(column.values == rows)
    }

    @Test func requiredFieldNullNamesThePath() {
        let type = DataType.struct([Field("web", .struct([Field("page", .string, nullable: false)]))])
        let builder = ColumnBuilder(type: type)
        #expect(throws: ColumnarError(.nullInRequiredField, "required field is missing", fieldPath: "web.page")) {
            try builder.append(.struct([.struct([.null])]))
        }
    }

    @Test func typeMismatchIsReported() {
        let builder = ColumnBuilder(type: .int32)
        #expect(throws: ColumnarError.self) { try builder.append(.string("x")) }
        #expect(throws: ColumnarError.self) { try builder.append(.int(Int64(Int32.max) + 1)) }
    }

    @Test func bitmapCountsAndSlices() {
        var bitmap = Bitmap(repeating: true, count: 70)
        bitmap[3] = false
        #expect(bitmap.setCount == 69)
        #expect(bitmap.slice(2..<5) == Bitmap([true, false, true]))
    }
}

@Suite struct BitmapWordsTests {
    @Test func bitmapFromWordsKeepsCountAndClearsBitsPastIt() {
        let bitmap = Bitmap(words: [UInt64.max, UInt64.max], count: 70)
        #expect(bitmap.count == 70)
        #expect(bitmap.setCount == 70)
        #expect(bitmap.words == [UInt64.max, 63])
        #expect(bitmap == Bitmap(repeating: true, count: 70))
        let short = Bitmap(words: [0b101], count: 130)
        #expect(short.words.count == 3)
        #expect(short.setCount == 2)
        #expect(short[0] && !short[1] && short[2])
    }
}
