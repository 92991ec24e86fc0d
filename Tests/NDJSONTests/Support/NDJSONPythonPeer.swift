import Foundation
import OutflowTestSupport

/// Python (json, gzip, pyarrow, DuckDB) as an independent reader and writer of NDJSON.
enum NDJSONPythonPeer {
    typealias Output = PythonPeer.Output

    /// Runs `script` with `input` on standard input.
    static func run(_ script: String, input: [UInt8]) async throws -> Output {
        try await PythonPeer.run(["-c", script], input: input)
    }

    /// Writes `file` to a temporary path ending in `suffix` and runs `script` with that path as `sys.argv[1]`.
    static func run(_ script: String, file: [UInt8], suffix: String) async throws -> Output {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "outflow-ndjson-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("data" + suffix).path
        try Data(file).write(to: URL(fileURLWithPath: path))
        return try await PythonPeer.run(["-c", script, path])
    }
}
