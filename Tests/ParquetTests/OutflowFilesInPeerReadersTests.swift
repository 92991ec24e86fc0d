import Columnar
import Foundation
import OutflowTestSupport
import Testing

@testable import Parquet

/// Outflow writes files; pyarrow and DuckDB read them; the rows must match what was written.
@Suite(.onDedicatedThreads, .tags(.peers), .needsPeers) struct OutflowFilesInPeerReadersTests {
    /// All cases written into one directory and read by one Python run (Python starts once; the first test to
    /// ask starts it, the others await the same task).
    static let peerResults = Task { () -> Result<JSONValue, PythonRunner.Failure> in
        do {
            let dir = try PythonRunner.temporaryDirectory("out")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try await DedicatedThread.run {
                for c in CompatCase.all {
                    _ = try ParquetWriter.write(
                        batches: try c.batches(), schema: c.schema, to: "\(dir)/\(c.name).parquet", options: c.options)
                }
            }
            return .success(try JSONValue.parse(try await PythonRunner.run("read_outflow_files.py", [dir])))
        } catch {
            return .failure(PythonRunner.Failure(description: "\(error)"))
        }
    }

    @Test(arguments: CompatCase.all)
    func pyarrowAndDuckDBReadWhatOutflowWrote(_ c: CompatCase) async throws {
        let results = try await Self.peerResults.value.get()
        let file = try #require(results["\(c.name).parquet"], "no result for \(c.name)")
        let rows = c.rows
        if c.options.writePageIndex && c.rowCount > 0 {
            guard case .bool(true)? = file["page_index"] else {
                Issue.record("pyarrow sees no page index in \(c.name): \(file["page_index"] ?? .null)")
                return
            }
        }
        for engine in ["pyarrow", "duckdb"] {
            let got = try #require(file[engine])
            if let error = got["error"] {
                Issue.record("\(engine) failed on \(c.name): \(error)")
                continue
            }
            if let m = got.mismatch(rows: rows, schema: c.schema) {
                Issue.record("\(engine) read \(c.name) differently: \(m)")
            }
        }
    }
}
