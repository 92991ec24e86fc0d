import Columnar
import OutflowTestSupport
import Parquet
import Storage
import Testing

@testable import Lake

@Suite(.onDedicatedThreads) struct CSVReaderTests {
    let schema: Schema

    init() throws {
        schema = try SchemaDocument.parse(Fixtures.bytes(Fixtures.flatSchema)).schema
    }

    func read(_ text: String, batchSize: Int = 65_536) throws(LakeError) -> FileReadResult {
        try CSVReader(schema: schema, batchSize: batchSize).read(Array(text.utf8), fileName: "in.csv")
    }

    @Test func tokenizerHandlesQuotesEscapesAndEmbeddedNewlines() throws {
        var tokenizer = CSVTokenizer(bytes: Array("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,x\nlast".utf8))
        let first = try tokenizer.next()
        #expect(first?.cells.map { String(decoding: $0, as: UTF8.self) } == ["a", "b,c", "say \"hi\""])
        let second = try tokenizer.next()
        #expect(second?.line == 2)
        #expect(second?.cells.map { String(decoding: $0, as: UTF8.self) } == ["two\nlines", "", "x"])
        let third = try tokenizer.next()
        #expect(third?.line == 4)
        #expect(third?.cells.map { String(decoding: $0, as: UTF8.self) } == ["last"])
        #expect(try tokenizer.next() == nil)
    }

    @Test func unterminatedQuoteIsARecordProblem() throws {
        var tokenizer = CSVTokenizer(bytes: Array("a,\"open\nmore".utf8))
        #expect(try tokenizer.next()?.problem == "unterminated quoted cell")
    }

    @Test func typedValuesAndDottedHeadersBuildNestedRows() throws {
        let text = """
            _id,amount,price,ok,day,at,web.webPageDetails.name
            r1,42,12.5,true,2026-11-23,2026-11-23T10:15:30.25+02:00,Home
            r2,,,,,,
            """
        let result = try read(text)
        #expect(result.recordCount == 2 && result.validCount == 2 && result.errors.isEmpty)
        let rows = result.batches.flatMap(\.rows)
        let expectedAt =
            Int64(TextValueParser.daysFromCivil(year: 2026, month: 11, day: 23)) * 86_400_000_000
            + (8 * 3600 + 15 * 60 + 30) * 1_000_000 + 250_000
        #expect(
            rows[0] == [
                .string("r1"), .int(42), .decimal(1250), .boolean(true),
                .date(Int32(TextValueParser.daysFromCivil(year: 2026, month: 11, day: 23))), .timestamp(expectedAt),
                .struct([.struct([.string("Home")])]),
            ])
        #expect(rows[1] == [.string("r2"), .null, .null, .null, .null, .null, .null])
    }

    @Test(
        "bad cells are reported with line and field path",
        arguments: [
            ("r1,notanumber,,,,,", "amount"),
            ("r1,,1.234,,,,", "price"),
            ("r1,,,maybe,,,", "ok"),
            ("r1,,,,2026-02-30,,", "day"),
            ("r1,,,,,yesterday,", "at"),
            (",5,,,,,", "_id"),
            ("r1,99999999999999999999,,,,,", "amount"),
            ("r1,1,2", ""),
        ])
    func badCellsAreReported(row: String, fieldPath: String) throws {
        let text = "_id,amount,price,ok,day,at,web.webPageDetails.name\nok1,1,,,,,\n" + row + "\nok2,2,,,,,\n"
        let result = try read(text)
        #expect(result.recordCount == 3 && result.validCount == 2)
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.line == 3)
        #expect(result.errors.first?.fieldPath == fieldPath)
        #expect(result.errors.first?.file == "in.csv")
    }

    @Test func unknownHeaderColumnFailsTheFile() {
        do {
            _ = try read("_id,colour\nx,red\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidInput)
            #expect(error.fieldPath == "colour")
            #expect(error.file == "in.csv")
        }
    }

    @Test func missingRequiredColumnFailsTheFile() {
        #expect(throws: LakeError.self) { try read("amount\n1\n") }
    }

    @Test func blankLinesAreSkippedAndBatchesSplit() throws {
        let result = try read("_id,amount\na,1\n\nb,2\r\nc,3\n\n", batchSize: 2)
        #expect(result.recordCount == 3 && result.validCount == 3)
        #expect(result.batches.map(\.rowCount) == [2, 1])
    }

    @Test(
        arguments: [
            ("12", Int128(1200)), ("-0.5", Int128(-50)), ("+7.10", Int128(710)), ("0007.000", Int128(700)),
        ])
    func decimalsParseExactly(text: String, unscaled: Int128) throws {
        #expect(try TextValueParser.parseDecimal(text, precision: 10, scale: 2).get() == unscaled)
    }

    @Test func timestampsWithoutZoneAreUTC() {
        #expect(TextValueParser.parseTimestamp("1970-01-01 00:00:01") == 1_000_000)
        #expect(TextValueParser.parseTimestamp("1970-01-01T00:00:00.000001Z") == 1)
        #expect(TextValueParser.parseTimestamp("1970-01-01T01:00:00+01:00") == 0)
        #expect(TextValueParser.parseTimestamp("1970-01-01T00:00:00Zjunk") == nil)
    }
}

@Suite(.onDedicatedThreads) struct ErrorCapTests {
    @Test func onlyTheFirstThousandErrorsAreKeptButAllAreCounted() throws {
        let directory = TestDirectory()
        let lake = try Lake(dataDirectory: directory.path)
        _ = try lake.createDataset(sandbox: "prod", name: "o", schemaDocument: Fixtures.bytes(Fixtures.flatSchema))
        let bad = Dictionary(uniqueKeysWithValues: (0..<1_500).map { ($0, "amount") })
        let file = directory.write("o.csv", CSVFixtures.orders(count: 1_600, bad: bad))
        do {
            _ = try lake.ingest(sandbox: "prod", dataset: "o", files: [file])
            Issue.record("expected a failure")
        } catch {
            #expect(error.errors.count == 1_000)
        }
        let failed = try #require(try lake.batches(sandbox: "prod").items.first)
        #expect(failed.failedRecordCount == 1_500)
        #expect(try lake.batch(id: failed.id).errors.count == 1_000)
        #expect(try lake.batch(id: failed.id).errors.last?.line == 1_001)
    }
}
