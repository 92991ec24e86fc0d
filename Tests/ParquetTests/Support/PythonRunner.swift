import Foundation

/// Runs the compatibility scripts under `Tests/ParquetTests/Scripts` with the project's Python
/// (env `OUTFLOW_PYTHON`, else `<package root>/.venv/bin/python`, else `python3`).
enum PythonRunner {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var python: String {
        if let env = ProcessInfo.processInfo.environment["OUTFLOW_PYTHON"], !env.isEmpty { return env }
        let venv = packageRoot.appendingPathComponent(".venv/bin/python").path
        if FileManager.default.isExecutableFile(atPath: venv) { return venv }
        return "/usr/bin/python3"
    }

    static func script(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/ParquetTests/Scripts/\(name)").path
    }

    /// Runs `script` with `arguments`; returns stdout, throwing with stderr on a non-zero exit.
    static func run(_ scriptName: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script(scriptName)] + arguments
        let out = Pipe()
        let err = FileHandle(forWritingAtPath: "/dev/null")
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(scriptName) exited with \(process.terminationStatus)")
        }
        return data
    }

    /// A fresh empty temporary directory.
    static func temporaryDirectory(_ label: String) throws -> String {
        let path = NSTemporaryDirectory() + "outflow-parquet-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
