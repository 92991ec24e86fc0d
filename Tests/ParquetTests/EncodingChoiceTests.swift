import Columnar
import OutflowTestSupport
import Testing

@testable import Parquet

/// Which encodings the writer picks, and that each choice reads back.
@Suite(.onDedicatedThreads) struct EncodingChoiceTests {
    private func encodings(_ schema: Schema, _ rows: [[Value]], _ options: ParquetWriter.Options) throws -> (
        [Set<String>], [[Value]]
    ) {
        let bytes = try Fixtures.write(schema, [try Fixtures.batch(schema, rows)], options: options)
        let reader = try ParquetReader(bytes: bytes, name: "enc")
        let chunks = reader.metadata.rowGroups[0].columns
        return (
            chunks.map { Set(($0.metaData?.encodings ?? []).map(Encoding.name)) }, try reader.readAll().flatMap(\.rows)
        )
    }

    @Test func repetitiveColumnsAreDictionaryEncoded() throws {
        let schema = Schema([Field("s", .string), Field("n", .int64)])
        let rows: [[Value]] = (0..<500).map { [.string("v\($0 % 3)"), .int(Int64($0 % 5))] }
        let (found, back) = try encodings(schema, rows, .init())
        #expect(found.allSatisfy { $0.contains("RLE_DICTIONARY") })
        #expect(back == rows)
    }

    @Test func oversizedDictionariesFallBackToPlain() throws {
        let schema = Schema([Field("s", .string)])
        let rows: [[Value]] = (0..<500).map { [.string("unique-value-\($0)")] }
        let (found, back) = try encodings(schema, rows, .init(dictionaryPageLimit: 1024))
        #expect(found[0].contains("PLAIN"))
        #expect(!found[0].contains("RLE_DICTIONARY"))
        #expect(back == rows)
    }

    @Test func dictionaryOffWritesPlain() throws {
        let schema = Schema([Field("n", .int32)])
        let rows: [[Value]] = (0..<50).map { [.int(Int64($0 % 2))] }
        let (found, back) = try encodings(schema, rows, .init(dictionary: false))
        #expect(!found[0].contains("RLE_DICTIONARY"))
        #expect(back == rows)
    }

    @Test func allNullColumnsRoundTrip() throws {
        let schema = Schema([Field("s", .string), Field("l", .list(Field("element", .int32)))])
        let rows: [[Value]] = Array(repeating: [.null, .null], count: 20)
        let (_, back) = try encodings(schema, rows, .init(dataPageVersion: 2))
        #expect(back == rows)
    }

    @Test func smallPagesSplitAtRecordBoundaries() throws {
        let schema = Schema([Field("l", .list(Field("element", .string)))])
        let rows: [[Value]] = (0..<300).map { i in [.list((0..<(i % 6)).map { .string("x\(i)-\($0)") })] }
        for version in [1, 2] {
            let (_, back) = try encodings(
                schema, rows, .init(pageBytes: 64, dictionary: false, dataPageVersion: version, writePageIndex: true))
            #expect(back == rows)
        }
    }
}

extension EncodingChoiceTests {
    @Test(arguments: [
        ParquetWriter.Options(rowGroupBytes: 0), ParquetWriter.Options(pageBytes: 2 << 30),
        ParquetWriter.Options(dictionaryPageLimit: -1), ParquetWriter.Options(dataPageVersion: 3),
    ])
    func outOfRangeOptionsAreRejected(_ options: ParquetWriter.Options) {
        #expect {
            try ParquetWriter(sink: MemorySink(), schema: Schema([Field("a", .int32)]), options: options)
        } throws: {
            ($0 as? ParquetError)?.code == .invalidArgument
        }
    }
}
