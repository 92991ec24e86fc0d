import OutflowTestSupport

/// Python as an independent reader of our compressed bytes.
enum CodecsPythonPeer {
    typealias Output = PythonPeer.Output

    /// Runs `script` with `input` on standard input.
    static func run(_ script: String, input: [UInt8]) async throws -> Output {
        try await PythonPeer.run(["-c", script], input: input)
    }

    /// Runs an executable with `input` on standard input, collecting its output.
    static func runProcess(_ executable: String, _ arguments: [String], input: [UInt8]) async throws -> Output {
        try await PythonPeer.runProcess(executable, arguments, input: input)
    }
}
