import Foundation
import OutflowTestSupport

/// Runs a short Python script against the project's venv (`OUTFLOW_PYTHON`, else `<root>/.venv/bin/python`, else
/// `python3`), feeding JSON on stdin and returning stdout, so tests can compare with official SDKs.
enum PythonOracle {
    /// Runs `script` with `input` on stdin; throws when the exit status is not zero.
    static func run(_ script: String, input: Data) async throws -> Data {
        Data(try await PythonPeer.check(["-c", script], input: [UInt8](input)))
    }
}
