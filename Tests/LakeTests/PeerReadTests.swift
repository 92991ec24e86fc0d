import Foundation
import OutflowTestSupport
import Storage
import Testing

@testable import Lake

/// DuckDB and pyarrow read a dataset's committed lake files directly (as Spark or an export would).
@Suite(.onDedicatedThreads, .tags(.peers), .needsPeers) struct PeerReadTests {
    static let script = """
        import sys, json, duckdb, pyarrow.parquet as pq
        files = sys.argv[1:]
        con = duckdb.connect()
        q = "SELECT count(*), sum(amount), min(_id), max(web.webPageDetails.name) FROM read_parquet(?)"
        count, total, first, page = con.execute(q, [files]).fetchone()
        arrow_rows = sum(pq.read_table(f).num_rows for f in files)
        codecs = sorted({pq.ParquetFile(f).metadata.row_group(0).column(0).compression for f in files})
        chunks = [pq.ParquetFile(f).metadata.row_group(0).column(c) for f in files for c in range(3)]
        indexed = all(c.has_offset_index and c.has_column_index for c in chunks)
        print(json.dumps({"count": count, "sum": int(total), "min": first, "page": page, "arrow": arrow_rows, "codecs": codecs, "indexed": indexed}))
        """

    @Test func duckdbAndPyarrowReadCommittedLakeFiles() async throws {
        let directory = TestDirectory()
        let lake = try Lake(dataDirectory: directory.path + "/data")
        let dataset = try lake.createDataset(
            sandbox: "prod", name: "orders", schemaDocument: Fixtures.bytes(Fixtures.flatSchema))
        _ = try lake.ingest(
            sandbox: "prod", dataset: "orders", files: [directory.write("a.csv", CSVFixtures.orders(count: 100))])
        _ = try lake.ingest(
            sandbox: "prod", dataset: "orders", files: [directory.write("b.csv", CSVFixtures.orders(count: 50))])
        let files = try lake.files(sandbox: "prod", datasetId: dataset.id).map(\.path)
        let output = try await LakePythonPeer.run(Self.script, arguments: files)
        struct Summary: Decodable {
            var count: Int
            var sum: Int
            var min: String
            var page: String
            var arrow: Int
            var codecs: [String]
            var indexed: Bool
        }
        let summary = try JSONDecoder().decode(Summary.self, from: Data(output.utf8))
        #expect(summary.count == 150 && summary.arrow == 150)
        #expect(summary.sum == (0..<100).reduce(0, +) + (0..<50).reduce(0, +))
        #expect(summary.min == "id0")
        #expect(summary.page == "page6")
        #expect(summary.codecs == ["ZSTD"])
        // The lake writes a page index (ColumnIndex and OffsetIndex) for every column chunk.
        #expect(summary.indexed)
    }
}
