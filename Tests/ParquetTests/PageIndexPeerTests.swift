import Columnar
import Foundation
import OutflowTestSupport
import Testing

@testable import Parquet

/// Page indexes across writers: Outflow decodes the ColumnIndex and OffsetIndex pyarrow writes and reads row
/// ranges of its files page by page; pyarrow and DuckDB read Outflow's files with a page index and see it.
@Suite(.onDedicatedThreads, .tags(.peers), .needsPeers) struct PageIndexPeerTests {
    static let writer = """
        import sys, pyarrow as pa, pyarrow.parquet as pq
        n = 2500
        t = pa.table({
            "id": pa.array(range(n), pa.int64()),
            "s": pa.array([None if i % 9 == 0 else "s%d" % (i % 41) + "y" * (i % 17) for i in range(n)]),
            "lst": pa.array([None if i % 7 == 0 else list(range(i % 4)) for i in range(n)], pa.list_(pa.int64())),
            "st": pa.array([None if i % 11 == 0 else {"a": i, "b": "b%d" % i} for i in range(n)],
                           pa.struct([("a", pa.int32()), ("b", pa.string())])),
        })
        for name, dictionary in (("dict", True), ("plain", False)):
            pq.write_table(t, sys.argv[1] + "/pa_" + name + ".parquet", write_page_index=True, data_page_size=512,
                           write_batch_size=64, use_dictionary=dictionary, row_group_size=2000)
        """

    static let reader = """
        import sys, json, duckdb, pyarrow.parquet as pq
        f = sys.argv[1]
        md = pq.ParquetFile(f).metadata
        chunks = [md.row_group(g).column(c) for g in range(md.num_row_groups) for c in range(md.num_columns)]
        count = duckdb.connect().execute("SELECT count(*) FROM read_parquet(?) WHERE id >= 950", [f]).fetchone()[0]
        print(json.dumps({"rows": pq.read_table(f).num_rows, "count": count,
                          "indexed": all(c.has_offset_index and c.has_column_index for c in chunks)}))
        """

    @Test(arguments: ["dict", "plain"])
    func outflowReadsPyarrowPageIndexesAndRowRanges(_ name: String) async throws {
        let directory = try PythonRunner.temporaryDirectory("pageindex")
        _ = try await PythonPeer.check(["-c", Self.writer, directory])
        let reader = try ParquetReader(path: "\(directory)/pa_\(name).parquet")
        #expect(reader.rowGroupCount == 2)
        for group in 0..<reader.rowGroupCount {
            let base = group * 2_000
            let index = try #require(try reader.pageIndex(ofRowGroup: group, column: "id"))
            #expect(index.pages.count > 3)
            #expect(index.pages.last?.rows.upperBound == reader.rowCount(ofRowGroup: group))
            for page in index.pages {
                #expect(page.min == .int(Int64(base + page.rows.lowerBound)))
                #expect(page.max == .int(Int64(base + page.rows.upperBound - 1)))
            }
            #expect(try reader.pageIndex(ofRowGroup: group, column: "lst.list.element") != nil)
            let paths = [["id"], ["s"], ["lst"], ["st"], ["st", "b"]]
            let full = try reader.readRowGroup(group, paths: paths)
            let count = full.rowCount
            for ranges in [[0..<1], [count - 1..<count], [100..<130, 400..<401], [7..<count - 7]] {
                let part = try reader.readRowGroup(group, paths: paths, rows: ranges)
                let wanted = ranges.flatMap { Array($0) }
                #expect(part.rowCount == wanted.count)
                for (k, i) in wanted.enumerated() where part.row(k) != full.row(i) {
                    Issue.record("\(name) group \(group) rows \(ranges): row \(i) differs")
                    break
                }
                let pages = reader.pageCounts(ofRowGroup: group, paths: paths, rows: ranges)
                if ranges.count == 1 && ranges[0].count == 1 { #expect(pages.skipped > pages.read) }
            }
            let ranges = reader.rowRanges(
                ofRowGroup: group, matching: .compare(column: "id", .less, .int(Int64(base + 10))))
            #expect(ranges == [index.pages[0].rows])
        }
    }

    @Test(arguments: PageIndexTests.variants.indices)
    func peersReadOutflowFilesWithAPageIndex(variant: Int) async throws {
        let directory = try PythonRunner.temporaryDirectory("pageindex-out")
        let path = "\(directory)/outflow.parquet"
        try Data(try PageIndexTests.file(PageIndexTests.variants[variant])).write(to: URL(fileURLWithPath: path))
        let output = try await PythonPeer.check(["-c", Self.reader, path])
        struct Summary: Decodable {
            var rows: Int
            var count: Int
            var indexed: Bool
        }
        let summary = try JSONDecoder().decode(Summary.self, from: Data(output))
        #expect(summary.rows == 1_000)
        #expect(summary.count == 50)
        #expect(summary.indexed)
    }
}
