import Codecs
import Columnar
import OutflowTestSupport
import Testing

@testable import Parquet

/// The reader's typed fast paths (pointer-based RLE/bit-packed decoding, values appended page by page into one
/// buffer, dictionary gathers, validity built a word at a time, values spread over null slots) against plain
/// expectations: every width, page boundaries, nulls at 64-bit word boundaries, dictionary and PLAIN pages.
@Suite(.onDedicatedThreads) struct ReaderFastPathTests {
    @Test(arguments: Array(0...32))
    func bitPackedRunsDecodeAtEveryWidth(_ width: Int) throws {
        var random = SeededRandom(seed: UInt64(width) + 1)
        let top: UInt64 = width == 0 ? 0 : (1 << UInt64(width)) - 1
        // Mixed: random values (bit-packed), runs (RLE), and a tail that is not a multiple of 8.
        var values: [UInt32] = (0..<1003).map { _ in UInt32(truncatingIfNeeded: random.next() & top) }
        values += Array(repeating: UInt32(truncatingIfNeeded: top), count: 40)
        values += (0..<13).map { UInt32(truncatingIfNeeded: UInt64($0) & top) }
        let bytes = RLEEncoder.encode(values, bitWidth: width)
        var decoder = RLEDecoder(bytes: bytes, position: 0, end: bytes.count, bitWidth: width)
        var out: [UInt32] = [7]
        try decoder.decode(count: values.count, into: &out)
        #expect(out == [7] + values)
        #expect(decoder.position <= bytes.count)
    }

    @Test(arguments: [1, 2, 3, 5, 17])
    func truncatedBitPackedDataFailsAtEveryWidth(_ width: Int) {
        let values = (0..<200).map { UInt32($0 * 7919 % (1 << width)) }
        let bytes = RLEEncoder.encode(values, bitWidth: width)
        var decoder = RLEDecoder(bytes: bytes, position: 0, end: bytes.count / 2, bitWidth: width)
        var out: [UInt32] = []
        #expect(throws: ParquetError.self) { try decoder.decode(count: values.count, into: &out) }
    }

    static let schema = Schema([
        Field("id", .int64, nullable: false),
        Field("n", .int32),
        Field("s", .string),
        Field("required_s", .string, nullable: false),
        Field("d", .decimal(precision: 18, scale: 2)),
        Field("wide", .decimal(precision: 30, scale: 3)),
        Field("ts", .timestamp),
        Field("f", .float64),
        Field(
            "web",
            .struct([
                Field("page", .struct([Field("name", .string), Field("views", .float64)])),
                Field("referrer", .string),
            ])),
        Field("items", .list(Field("element", .struct([Field("sku", .string), Field("qty", .int32)])))),
    ])

    /// Rows with nulls placed on and around 64-row word boundaries, a few distinct strings (dictionary-friendly)
    /// and unique ones.
    static func rows(_ count: Int, nullEvery: Int) -> [[Value]] {
        (0..<count).map { i in
            let isNull = nullEvery > 0 && (i % nullEvery == 0 || i % 64 == 63 || i % 64 == 0)
            func maybe(_ v: Value) -> Value { isNull ? .null : v }
            return [
                .int(Int64(i)),
                maybe(.int(Int64(i % 50))),
                maybe(.string("page-\(i % 9)")),
                .string("unique-\(i)-" + String(repeating: "x", count: i % 5)),
                maybe(.decimal(Int128(i) * 101 - 5000)),
                maybe(.decimal(Int128(i) * 1_000_000_007 - 1)),
                maybe(.timestamp(1_700_000_000_000_000 + Int64(i) * 1_000_003)),
                maybe(.float(Double(i) / 4)),
                maybe(
                    .struct([
                        i % 3 == 0 ? .null : .struct([maybe(.string("n\(i % 4)")), .float(Double(i % 2))]),
                        i % 5 == 0 ? .null : .string("ref-\(i % 6)"),
                    ])),
                i % 4 == 0
                    ? .null
                    : .list(
                        (0..<(i % 3)).map { k in
                            .struct([k == 1 ? .null : .string("sku-\(k)"), .int(Int64(k + i % 2))])
                        }),
            ]
        }
    }

    @Test(arguments: [false, true], [1, 2])
    func multiPageChunksWithNullsReadBackExactly(_ dictionary: Bool, _ pageVersion: Int) throws {
        for (count, nullEvery) in [(1, 0), (63, 7), (64, 0), (65, 2), (1000, 7), (1000, 1)] {
            let rows = Self.rows(count, nullEvery: nullEvery)
            let batch = try Fixtures.batch(Self.schema, rows)
            // Tiny pages: every chunk of more than a few rows spans many pages.
            let bytes = try Fixtures.write(
                Self.schema, [batch],
                options: .init(pageBytes: 200, dictionary: dictionary, dataPageVersion: pageVersion))
            let (schema, read) = try Fixtures.readRows(bytes)
            #expect(schema == Self.schema)
            #expect(read == rows, "rows \(count), null every \(nullEvery)")
            // The columnar form agrees too: nulls only where the rows have them.
            let columns = try ParquetReader(bytes: bytes, name: "c").readAll(columns: ["s", "web"])
            #expect(columns.flatMap(\.rows) == rows.map { [$0[2], $0[8]] })
        }
    }

    @Test(arguments: CompressionCodec.allCases)
    func projectionOfStructsMatchesAcrossCodecs(_ codec: CompressionCodec) throws {
        let rows = Self.rows(700, nullEvery: 3)
        let batch = try Fixtures.batch(Self.schema, rows)
        let bytes = try Fixtures.write(
            Self.schema, [batch, batch], options: .init(pageBytes: 4096, codec: codec))
        let batches = try ParquetReader(bytes: bytes, name: "p").readAll(columns: ["ts", "web", "d"])
        #expect(batches.flatMap(\.rows) == (rows + rows).map { [$0[4], $0[6], $0[8]] })
    }
}
