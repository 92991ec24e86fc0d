import OutflowTestSupport

/// Runs a Python snippet (pyarrow, duckdb) as an independent reader of lake files.
enum LakePythonPeer {
    /// Runs `script` with `arguments`; returns stdout, or throws with stderr on a non-zero exit.
    static func run(_ script: String, arguments: [String]) async throws -> String {
        String(decoding: try await PythonPeer.check(["-c", script] + arguments), as: UTF8.self)
    }
}
