import Foundation
import OutflowTestSupport

/// Reads exported files with pyarrow / DuckDB (python from OUTFLOW_PYTHON or the package's .venv).
enum PythonReader {
    /// Prints, per file, its `value` column (pyarrow for Parquet, DuckDB for NDJSON) as JSON lines:
    /// {"file": name, "sha256": hex, "values": [...]}.
    static let script = """
        import sys, json, hashlib, pyarrow.parquet as pq, duckdb
        for path in sys.argv[1:]:
            digest = hashlib.sha256(open(path, 'rb').read()).hexdigest()
            if path.endswith('.parquet'):
                values = pq.read_table(path).column('value').to_pylist()
            else:
                comp = 'gzip' if path.endswith('.gz') else ('zstd' if path.endswith('.zst') else 'none')
                rows = duckdb.sql(f"SELECT value FROM read_json('{path}', format='newline_delimited', compression='{comp}')").fetchall()
                values = [r[0] for r in rows]
            print(json.dumps({"file": path, "sha256": digest, "values": values}))
        """

    struct FileContents: Decodable {
        var file: String
        var sha256: String
        var values: [Int64]
    }

    static func read(_ paths: [String]) async throws -> [FileContents] {
        let output = try await PythonPeer.check(["-c", script] + paths)
        return try output.split(separator: UInt8(ascii: "\n")).map {
            try JSONDecoder().decode(FileContents.self, from: Data($0))
        }
    }
}
