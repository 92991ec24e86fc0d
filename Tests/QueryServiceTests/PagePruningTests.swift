import Columnar
import Lake
import OutflowTestSupport
import QueryService
import SQL
import Testing

/// Page pruning over the lake: the lake writes a page index and pages of at most 20,000 rows, and a scan reads of
/// each row group only the pages its filter hints cannot rule out, returning the same rows as a full read.
@Suite(.onDedicatedThreads) struct PagePruningTests {
    static let rowCount = 100_000
    /// 2026-01-01 00:00:00 UTC in microseconds; row i is i seconds later.
    static let epoch: Int64 = 1_767_225_600_000_000

    /// One committed batch (one file, one row group, five pages per leaf): `id` = row, `ts` sorted, `v` NULL for
    /// rows 40,000 to 40,099 only, `items` a list of one or two structs.
    func fixture() throws -> QueryFixture {
        let fixture = try QueryFixture()
        let document = """
            {"title": "events", "class": "Record", "fields": [
              {"name": "id", "type": "int64"}, {"name": "ts", "type": "timestamp"}, {"name": "v", "type": "string"},
              {"name": "items", "type": "array", "items": {"type": "struct", "fields": [
                {"name": "sku", "type": "string"}]}}]}
            """
        let dataset = try fixture.lake.createDataset(
            sandbox: "prod", name: "events", schemaDocument: Array(document.utf8))
        let builders = dataset.schema.fields.map { ColumnBuilder(type: $0.type) }
        for i in 0..<Self.rowCount {
            try builders[0].append(.string("row\(i)"))
            try builders[1].append(.int(Int64(i)))
            try builders[2].append(.timestamp(Self.epoch + Int64(i) * 1_000_000))
            try builders[3].append((40_000..<40_100).contains(i) ? .null : .string("v\(i % 97)"))
            let items = (0...(i % 2)).map { Value.struct([.string("sku\(i)_\($0)")]) }
            try builders[4].append(.list(items), path: "items")
        }
        let batch = try ColumnBatch(schema: dataset.schema, columns: builders.map { $0.finish() })
        _ = try fixture.lake.appendBatch(sandbox: "prod", datasetId: dataset.id, batches: [batch])
        return fixture
    }

    /// ts of row `i` as a timestamptz literal.
    static func ts(_ i: Int) -> String {
        let seconds = Int(epoch / 1_000_000) + i
        let day = seconds / 86_400 - 20_454
        let rest = seconds % 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let time = "\(two(rest / 3_600)):\(two(rest % 3_600 / 60)):\(two(rest % 60))"
        return "TIMESTAMPTZ '2026-01-\(two(day + 1)) \(time)+00'"
    }

    @Test(arguments: [
        // filter, rows matching, pages of the filter column read (of 5)
        ("ts >= \(ts(99_000))", 1_000, 1),
        ("ts < \(ts(10))", 10, 1),
        ("ts BETWEEN \(ts(30_000)) AND \(ts(30_010))", 11, 1),
        ("id = 5 OR id = 99999", 2, 2),
        ("id >= 19999 AND id <= 20000", 2, 2),
        ("v IS NULL", 100, 1),
        // Each conjunct keeps a page, none keeps the same one: the row group is skipped, all its pages with it.
        ("id > 19999 AND id < 20000", 0, 0),
    ])
    func filteredScansReadOnlyThePagesThatMayMatch(filter: String, count: Int, pages: Int) async throws {
        let pruned = try fixture()
        #expect(try await pruned.rows("SELECT count(*) FROM events WHERE \(filter)").rows == [["\(count)"]])
        // One leaf is projected (the filter's column): five pages, `pages` of them read.
        #expect(pruned.counters.pagesRead == pages)
        #expect(pruned.counters.pagesSkipped == 5 - pages)
    }

    /// The same rows with and without page pruning, for every projected column, flat and nested.
    @Test(arguments: [
        "ts >= \(ts(99_990))", "id = 5 OR id = 99999", "id BETWEEN 19998 AND 20001", "v IS NULL AND id < 40003",
        "(id < 3 OR ts > \(ts(99_997)))",
    ])
    func prunedScansReturnTheRowsOfFullScans(filter: String) async throws {
        let fixture = try fixture()
        let select = "SELECT id, ts, v, items FROM events WHERE"
        let pruned = try await fixture.rows("\(select) \(filter) ORDER BY id").rows
        let skipped = fixture.counters.pagesSkipped
        // Four leaves (id, ts, v, items.sku) of five pages each; most pages are skipped.
        #expect(skipped >= 4 * 3)
        #expect(fixture.counters.pagesRead + skipped == 4 * 5)
        let full = try await fixture.rows("\(select) COALESCE((\(filter)), false) ORDER BY id").rows
        #expect(fixture.counters.pagesSkipped == skipped)
        #expect(pruned == full)
        #expect(!pruned.isEmpty)
    }
}
