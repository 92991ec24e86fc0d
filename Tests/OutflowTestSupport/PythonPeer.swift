public import Foundation

/// Runs the project's Python (pyarrow, DuckDB, official SDKs) as an independent peer in tests:
/// `OUTFLOW_PYTHON`, else `<package root>/.venv/bin/python`, else `/usr/bin/python3`.
public enum PythonPeer {
    /// What a finished process printed.
    public typealias Output = ChildProcess.Output

    /// A non-zero exit, with what the process printed on stderr.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
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
    public static func run(_ arguments: [String], input: [UInt8] = []) async throws -> Output {
        try await ChildProcess.run(python, arguments, input: input)
    }

    /// Runs python with `arguments`; returns stdout, throwing `Failure` with stderr on a non-zero exit.
    public static func check(_ arguments: [String], input: [UInt8] = []) async throws -> [UInt8] {
        let output = try await run(arguments, input: input)
        guard output.status == 0 else { throw Failure(description: output.stderr) }
        return output.stdout
    }

    /// Runs an executable with `input` on standard input (see `ChildProcess.run`).
    public static func runProcess(_ executable: String, _ arguments: [String], input: [UInt8]) async throws -> Output {
        try await ChildProcess.run(executable, arguments, input: input)
    }
}
