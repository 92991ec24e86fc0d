import Foundation
import OutflowTestSupport

/// Runs the compatibility scripts under `Tests/ParquetTests/Scripts` with the project's Python
/// (env `OUTFLOW_PYTHON`, else `<package root>/.venv/bin/python`, else `python3`).
enum PythonRunner {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static var packageRoot: URL { PythonPeer.packageRoot }

    static func script(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/ParquetTests/Scripts/\(name)").path
    }

    /// Runs `script` with `arguments`; returns stdout, throwing with stderr on a non-zero exit.
    static func run(_ scriptName: String, _ arguments: [String]) async throws -> Data {
        let output = try await PythonPeer.run([script(scriptName)] + arguments)
        guard output.status == 0 else {
            throw Failure(description: "\(scriptName) exited with \(output.status): \(output.stderr.suffix(2_000))")
        }
        return Data(output.stdout)
    }

    /// A fresh empty temporary directory.
    static func temporaryDirectory(_ label: String) throws -> String {
        let path = NSTemporaryDirectory() + "outflow-parquet-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
