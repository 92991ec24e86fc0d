import Foundation

/// Reads exported files with pyarrow / DuckDB (python from OUTFLOW_PYTHON or the package's .venv).
enum PythonReader {
    static var python: String {
        if let configured = ProcessInfo.processInfo.environment["OUTFLOW_PYTHON"] { return configured }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let venv = root.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3"
    }

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

    static func read(_ paths: [String]) throws -> [FileContents] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + paths
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(message: String(decoding: errors, as: UTF8.self))
        }
        return try output.split(separator: UInt8(ascii: "\n")).map {
            try JSONDecoder().decode(FileContents.self, from: Data($0))
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
