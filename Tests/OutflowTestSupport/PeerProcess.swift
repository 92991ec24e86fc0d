public import Foundation

/// A long-running child process serving a test (a SeaweedFS wrapper, a misbehaving HTTP server): it prints one
/// line when it is ready (an endpoint, a port) and runs until its standard input closes or it is terminated.
/// Starting waits for that line on a thread of its own and stopping never waits on the cooperative pool.
public final class PeerProcess: @unchecked Sendable {
    /// The running process.
    public let process: Process
    private let input: Pipe
    /// The first line the process printed.
    public let readyLine: String

    private init(process: Process, input: Pipe, readyLine: String) {
        self.process = process
        self.input = input
        self.readyLine = readyLine
    }

    /// The peer did not print its ready line.
    public struct StartFailure: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }

    /// Starts `executable` (default: the project's Python) with `arguments` and waits for its first line.
    public static func start(_ arguments: [String], executable: String = PythonPeer.python) async throws -> PeerProcess
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        let reader = output.fileHandleForReading
        let line = try await DedicatedThread.run { () throws -> String in
            var line: [UInt8] = []
            while let byte = try reader.read(upToCount: 1)?.first, byte != UInt8(ascii: "\n") {
                line.append(byte)
            }
            return String(decoding: line, as: UTF8.self)
        }
        let peer = PeerProcess(process: process, input: input, readyLine: line)
        guard !line.isEmpty else {
            peer.terminate()
            throw StartFailure(description: "\(executable) \(arguments.last ?? "") printed no ready line")
        }
        return peer
    }

    /// Closes the process's standard input (it exits by itself) without waiting.
    public func stop() {
        try? input.fileHandleForWriting.close()
    }

    /// Closes standard input and suspends until the process has exited.
    public func stopAndWait() async {
        stop()
        _ = await ChildProcess.waitForExit(process)
    }

    /// Sends SIGTERM without waiting.
    public func terminate() {
        if process.isRunning { process.terminate() }
    }

    /// Sends SIGTERM and suspends until the process has exited.
    public func terminateAndWait() async {
        terminate()
        _ = await ChildProcess.waitForExit(process)
    }
}
