import Foundation

/// Runs the project's Python (pyarrow, DuckDB, official SDKs) as an independent peer in tests:
/// `OUTFLOW_PYTHON`, else `<package root>/.venv/bin/python`, else `/usr/bin/python3`.
public enum PythonPeer {
    /// What a finished process printed.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: String

        public var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// A non-zero exit, with what the process printed on stderr.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The package's root folder.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var python: String {
        if let configured = ProcessInfo.processInfo.environment["OUTFLOW_PYTHON"], !configured.isEmpty {
            return configured
        }
        let venv = packageRoot.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3"
    }

    /// Runs python with `arguments` and `input` on stdin; returns whatever it printed and its status.
    public static func run(_ arguments: [String], input: [UInt8] = []) throws -> Output {
        try runProcess(python, arguments, input: input)
    }

    /// Runs python with `arguments`; returns stdout, throwing `Failure` with stderr on a non-zero exit.
    public static func check(_ arguments: [String], input: [UInt8] = []) throws -> [UInt8] {
        let output = try run(arguments, input: input)
        guard output.status == 0 else { throw Failure(description: output.stderr) }
        return output.stdout
    }

    /// Runs an executable with `input` on standard input, collecting its output through files (no pipe
    /// buffer can fill up and block either side).
    public static func runProcess(_ executable: String, _ arguments: [String], input: [UInt8]) throws -> Output {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("outflow-peer-\(UUID().uuidString)")
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
