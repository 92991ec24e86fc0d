import Codecs
import Columnar
import OutflowTestSupport
import Testing

@testable import Parquet

/// The page index (ColumnIndex + OffsetIndex) as Outflow's reader decodes it, and reads restricted to row ranges:
/// only the pages holding the rows are decoded, and every column, flat or nested, holds exactly those rows.
@Suite struct PageIndexTests {
    static let schema = Schema([
        Field("id", .int64, nullable: false),
        Field("name", .string),
        Field("tags", .list(Field("element", .string))),
        Field("place", .struct([Field("geo", .struct([Field("code", .string)])), Field("n", .int32)])),
    ])

    static func rows(_ count: Int) -> [[Value]] {
        (0..<count).map { i in
            let name: Value = i % 10 == 0 ? .null : .string("n\(i % 37)" + String(repeating: "x", count: i % 23))
            let tags: Value =
                i % 7 == 0 ? .null : .list((0..<(i % 4)).map { .string("t\(i)_\($0)") })
            let place: Value =
                i % 13 == 0
                ? .null
                : .struct([i % 5 == 0 ? .null : .struct([.string("c\(i % 3)")]), i % 2 == 0 ? .null : .int(Int64(i))])
            return [.int(Int64(i)), name, tags, place]
        }
    }

    /// 1,000 rows in one row group, pages of at most 100 rows and about `pageBytes` bytes.
    static func file(_ options: ParquetWriter.Options) throws -> [UInt8] {
        let sink = MemorySink()
        let writer = try ParquetWriter(sink: sink, schema: schema, options: options)
        try writer.write(try Fixtures.batch(schema, rows(1_000)))
        _ = try writer.close()
        return sink.bytes
    }

    static let variants: [ParquetWriter.Options] = [
        .init(pageBytes: 500, codec: .none, dictionary: false, writePageIndex: true, pageRowLimit: 100),
        .init(pageBytes: 500, codec: .zstd, dictionary: true, writePageIndex: true, pageRowLimit: 100),
        .init(pageBytes: 300, codec: .snappy, dictionary: false, dataPageVersion: 2, writePageIndex: true),
    ]

    static let rangeSets: [[Range<Int>]] = [
        [0..<1], [999..<1_000], [150..<250], [0..<1_000], [10..<20, 30..<40, 500..<777, 950..<1_000],
        [99..<101], [], [-5..<3, 998..<2_000],
    ]

    @Test(arguments: variants.indices)
    func pageIndexDescribesEveryPage(variant: Int) throws {
        let reader = try ParquetReader(bytes: try Self.file(Self.variants[variant]), name: "p")
        let index = try #require(try reader.pageIndex(ofRowGroup: 0, column: "id"))
        #expect(index.pages.count > 3)
        #expect(index.pages.first?.rows.lowerBound == 0)
        #expect(index.pages.last?.rows.upperBound == 1_000)
        for (a, b) in zip(index.pages, index.pages.dropFirst()) { #expect(a.rows.upperBound == b.rows.lowerBound) }
        for page in index.pages {
            #expect(page.isNullPage == false)
            #expect(page.nullCount == 0)
            #expect(page.min == .int(Int64(page.rows.lowerBound)))
            #expect(page.max == .int(Int64(page.rows.upperBound - 1)))
        }
        let name = try #require(try reader.pageIndex(ofRowGroup: 0, column: "name"))
        #expect(name.pages.map { $0.nullCount ?? -1 }.reduce(0, +) == 100)
        // Nested leaves have an index too; their pages start at records.
        let tags = try #require(try reader.pageIndex(ofRowGroup: 0, column: "tags.list.element"))
        #expect(tags.pages.count > 1)
        // `outflow parquet inspect` shows each chunk's page count.
        #expect(ParquetInspector.describe(reader).contains(" pages=\(index.pages.count) page-index"))
    }

    @Test(arguments: variants.indices)
    func restrictedReadsHoldExactlyTheRows(variant: Int) throws {
        let reader = try ParquetReader(bytes: try Self.file(Self.variants[variant]), name: "p")
        let expected = Self.rows(1_000)
        let paths = [["id"], ["name"], ["tags"], ["place"], ["place", "geo", "code"]]
        for ranges in Self.rangeSets {
            let batch = try reader.readRowGroup(0, paths: paths, rows: ranges)
            let wanted = RowRanges.normalized(ranges, within: 1_000).flatMap { Array($0) }
            #expect(batch.rowCount == wanted.count)
            for (k, i) in wanted.enumerated() {
                let row = batch.row(k)
                let code: Value = {
                    guard case let .struct(p) = expected[i][3], case let .struct(g) = p[0] else { return .null }
                    return g[0]
                }()
                if row != expected[i] + [code] {
                    Issue.record("rows \(ranges), row \(i): \(row)")
                    break
                }
            }
        }
    }

    @Test func restrictedReadsDecodeOnlyThePagesOfTheRows() throws {
        let reader = try ParquetReader(bytes: try Self.file(Self.variants[0]), name: "p")
        let pages = try #require(try reader.pageIndex(ofRowGroup: 0, column: "id")).pages
        let counts = reader.pageCounts(ofRowGroup: 0, paths: [["id"]], rows: [150..<250])
        #expect(counts.read == pages.filter { $0.rows.overlaps(150..<250) }.count)
        #expect(counts.read + counts.skipped == pages.count)
        #expect(counts.skipped > pages.count / 2)
        // Garbage in a page outside the rows is never decoded.
        var bytes = try Self.file(Self.variants[0])
        let last = try #require(pages.last)
        for k in last.offset..<last.offset + last.compressedSize { bytes[k] = 0xEE }
        let damaged = try ParquetReader(bytes: bytes, name: "p")
        #expect(try damaged.readRowGroup(0, paths: [["id"]], rows: [0..<100]).rowCount == 100)
        #expect(throws: ParquetError.self) { try damaged.readRowGroup(0, paths: [["id"]], rows: [999..<1_000]) }
    }

    @Test func rowRangesKeepThePagesStatisticsCannotRuleOut() throws {
        let reader = try ParquetReader(bytes: try Self.file(Self.variants[0]), name: "p")
        let pages = try #require(try reader.pageIndex(ofRowGroup: 0, column: "id")).pages
        let tail = try #require(pages.first { $0.rows.contains(950) })
        #expect(
            reader.rowRanges(ofRowGroup: 0, matching: .compare(column: "id", .greaterOrEqual, .int(950))) == [
                tail.rows.lowerBound..<1_000
            ])
        let head = try #require(pages.first)
        let either = ParquetPredicate.or([
            .compare(column: "id", .less, .int(3)), .compare(column: "id", .greater, .int(998)),
        ])
        #expect(reader.rowRanges(ofRowGroup: 0, matching: either) == [head.rows, pages[pages.count - 1].rows])
        #expect(reader.rowRanges(ofRowGroup: 0, matching: .compare(column: "id", .equal, .int(5_000))) == [])
        let both = ParquetPredicate.and([
            .compare(column: "id", .greaterOrEqual, .int(950)), .compare(column: "id", .less, .int(10)),
        ])
        #expect(reader.rowRanges(ofRowGroup: 0, matching: both) == [])
        // Forms statistics cannot judge keep every row.
        #expect(
            reader.rowRanges(ofRowGroup: 0, matching: .not(.compare(column: "id", .equal, .int(1)))) == [0..<1_000])
        #expect(reader.rowRanges(ofRowGroup: 0, matching: .compare(column: "nope", .equal, .int(1))) == [0..<1_000])
        #expect(reader.rowRanges(ofRowGroup: 0, matching: .isNull(column: "id")) == [])
        #expect(reader.rowRanges(ofRowGroup: 0, matching: .isNotNull(column: "id")) == [0..<1_000])
    }

    @Test func filesWithoutAPageIndexAreReadWholeAndCut() throws {
        var options = Self.variants[0]
        options.writePageIndex = false
        let reader = try ParquetReader(bytes: try Self.file(options), name: "p")
        #expect(try reader.pageIndex(ofRowGroup: 0, column: "id") == nil)
        #expect(reader.rowRanges(ofRowGroup: 0, matching: .compare(column: "id", .less, .int(3))) == [0..<1_000])
        let batch = try reader.readRowGroup(0, paths: [["id"], ["tags"]], rows: [5..<7, 900..<901])
        #expect(batch.columns[0].values == [.int(5), .int(6), .int(900)])
        #expect(reader.pageCounts(ofRowGroup: 0, paths: [["id"]], rows: [5..<7]) == (0, 0))
    }

    @Test func chunksWithUnboundedValuesGetNoColumnIndex() throws {
        let schema = Schema([Field("s", .string), Field("f", .float64)])
        let long = String(repeating: "z", count: 300)
        let batch = try Fixtures.batch(schema, [[.string(long), .float(.nan)], [.string("a"), .float(.nan)]])
        let bytes = try Fixtures.write(schema, [batch], options: .init(writePageIndex: true))
        let reader = try ParquetReader(bytes: bytes, name: "p")
        for column in ["s", "f"] {
            let index = try #require(try reader.pageIndex(ofRowGroup: 0, column: column))
            #expect(index.pages.allSatisfy { $0.isNullPage == nil && $0.min == nil })
        }
        #expect(reader.rowRanges(ofRowGroup: 0, matching: .compare(column: "s", .equal, .string(""))) == [0..<2])
    }
}

extension Column {
    fileprivate var values: [Value] { (0..<count).map { value(at: $0) } }
}
