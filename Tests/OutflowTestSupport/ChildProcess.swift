public import Foundation

/// Runs a child process without holding a thread while it runs: the caller suspends until the process's
/// termination handler fires. Input and output go through files, so no pipe buffer can fill up and block
/// either side.
public enum ChildProcess {
    /// What a finished process printed.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: String

        public var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs `executable` with `arguments` and `input` on standard input; returns its status and output.
    public static func run(
        _ executable: String, _ arguments: [String], input: [UInt8] = [], environment: [String: String]? = nil
    ) async throws -> Output {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("outflow-child-\(UUID().uuidString)")
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
        if let environment { process.environment = environment }
        let stdin = try FileHandle(forReadingFrom: inputURL)
        let stdout = try FileHandle(forWritingTo: outURL)
        let stderr = try FileHandle(forWritingTo: errURL)
        defer {
            try? stdin.close()
            try? stdout.close()
            try? stderr.close()
        }
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let status = try await terminationStatus(of: process)
        let out = try Data(contentsOf: outURL)
        let err = try Data(contentsOf: errURL)
        return Output(status: status, stdout: [UInt8](out), stderr: String(decoding: err, as: UTF8.self))
    }

    /// Starts `process` (configured, not yet running) and suspends until it exits; returns its status.
    public static func terminationStatus(of process: Process) async throws -> Int32 {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
            process.terminationHandler = { ended in continuation.resume(returning: ended.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }

    /// Suspends until `process` (already running) exits, without holding a thread; returns its status.
    public static func waitForExit(_ process: Process) async -> Int32 {
        await DedicatedThread.run { () -> Int32 in
            process.waitUntilExit()
            return process.terminationStatus
        }
    }
}
