import Columnar
import Foundation
import OutflowTestSupport
import Testing

@testable import Parquet

/// pyarrow and DuckDB write files (every codec, v1/v2 pages, dictionary on/off, delta and
/// byte-stream-split encodings, INT96, nested types); Outflow reads them and must see what pyarrow sees.
@Suite(.onDedicatedThreads, .tags(.peers), .needsPeers) struct PeerFilesInOutflowReaderTests {
    struct Fixtures: Sendable {
        var directory: String
        var expected: JSONValue
    }

    /// Written once by the first test that asks; the others await the same task.
    static let fixtures = Task { () -> Result<Fixtures, PythonRunner.Failure> in
        do {
            let dir = try PythonRunner.temporaryDirectory("peer")
            let json = try JSONValue.parse(try await PythonRunner.run("write_fixtures.py", [dir]))
            return .success(Fixtures(directory: dir, expected: json))
        } catch {
            return .failure(PythonRunner.Failure(description: "\(error)"))
        }
    }

    static let names: [String] = {
        var names = [
            "duckdb_gzip", "duckdb_snappy", "duckdb_uncompressed", "duckdb_v2", "duckdb_zstd",
            "pa_byte_stream_split", "pa_delta", "pa_empty", "pa_int96", "pa_many_row_groups",
            "pa_nested_legacy_names", "pa_nested_v1", "pa_nested_v2",
        ]
        for codec in ["none", "snappy", "gzip", "zstd"] {
            for version in ["v1", "v2"] {
                for encoding in ["dict", "plain"] { names.append("pa_flat_\(codec)_\(version)_\(encoding)") }
            }
        }
        return names
    }()

    @Test(arguments: names)
    func outflowReadsWhatPeersWrote(_ name: String) async throws {
        let fixtures = try await Self.fixtures.value.get()
        let expected = try #require(fixtures.expected["\(name).parquet"], "python wrote no \(name)")
        let reader = try ParquetReader(path: "\(fixtures.directory)/\(name).parquet")
        let batches = try reader.readAll()
        let rows = batches.flatMap(\.rows)
        #expect(rows.count == reader.rowCount)
        if let m = expected.mismatch(rows: rows, schema: reader.schema) {
            Issue.record("\(name): \(m)")
        }
    }

    @Test func peerTypesMapToOutflowTypes() async throws {
        let fixtures = try await Self.fixtures.value.get()
        let reader = try ParquetReader(path: "\(fixtures.directory)/pa_flat_zstd_v1_dict.parquet")
        let types = Dictionary(uniqueKeysWithValues: reader.schema.fields.map { ($0.name, $0.type) })
        #expect(types["i8"] == .int32)
        #expect(types["u32"] == .int64)
        #expect(types["ts_ms"] == .timestamp)
        #expect(types["ts_ns"] == .timestamp)
        #expect(types["d30"] == .decimal(precision: 30, scale: 4))
        #expect(types["day"] == .date)
        #expect(types["blob"] == .binary)
        let int96 = try ParquetReader(path: "\(fixtures.directory)/pa_int96.parquet")
        #expect(int96.schema.fields.first?.type == .timestamp)
    }
}
