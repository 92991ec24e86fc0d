import Foundation

/// Runs a short Python script (the pyarrow/duckdb virtualenv) as an independent reader of our bytes.
enum NDJSONPythonPeer {
    struct Output {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
    }

    /// `OUTFLOW_PYTHON`, else `<package root>/.venv/bin/python`, else `python3` from PATH.
    static var python: String {
        if let configured = ProcessInfo.processInfo.environment["OUTFLOW_PYTHON"], !configured.isEmpty {
            return configured
        }
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let venv = root.appendingPathComponent(".venv/bin/python").path
        if FileManager.default.isExecutableFile(atPath: venv) { return venv }
        return "/usr/bin/env python3"
    }

    /// Runs `script` with `input` on standard input.
    static func run(_ script: String, input: [UInt8]) throws -> Output {
        let parts = python.split(separator: " ").map(String.init)
        return try runProcess(parts[0], Array(parts.dropFirst()) + ["-c", script], input: input)
    }

    /// Writes `file` to a temporary path ending in `suffix` and runs `script` with that path as `sys.argv[1]`.
    static func run(_ script: String, file: [UInt8], suffix: String) throws -> Output {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "outflow-ndjson-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("data" + suffix).path
        try Data(file).write(to: URL(fileURLWithPath: path))
        let parts = python.split(separator: " ").map(String.init)
        return try runProcess(parts[0], Array(parts.dropFirst()) + ["-c", script, path], input: [])
    }

    /// Runs an executable with `input` on standard input, collecting its output.
    static func runProcess(_ executable: String, _ arguments: [String], input: [UInt8]) throws -> Output {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("outflow-ndjson-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputURL = directory.appendingPathComponent("in")
        let outURL = directory.appendingPathComponent("out")
        let errURL = directory.appendingPathComponent("err")
        try Data(input).write(to: inputURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = try FileHandle(forReadingFrom: inputURL)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        let out = try Data(contentsOf: outURL)
        let err = try Data(contentsOf: errURL)
        return Output(
            status: process.terminationStatus, stdout: [UInt8](out), stderr: String(decoding: err, as: UTF8.self))
    }
}
