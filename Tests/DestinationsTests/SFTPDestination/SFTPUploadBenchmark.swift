import Foundation
import OutflowTestSupport
import Testing

@testable import Destinations

/// Upload throughput to the local sshd (run with `OUTFLOW_SFTP_BENCH=<MiB>`; skipped otherwise). Prints MB/s;
/// asserts only that the file arrived whole.
@Suite(.tags(.peers), .needsPeers) struct SFTPUploadBenchmark {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["OUTFLOW_SFTP_BENCH"] != nil))
    func uploadThroughputToTheLocalServer() async throws {
        let mebibytes = Int(ProcessInfo.processInfo.environment["OUTFLOW_SFTP_BENCH"] ?? "") ?? 256
        try await OpenSSHPeer.with { peer in
            let destination = try SFTPDestination(
                configuration: peer.configuration(pin: peer.fingerprint), outbound: .loopbackPeers)
            let source = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
            let block = Data((0..<(1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) })
            #expect(FileManager.default.createFile(atPath: source.path, contents: nil))
            let handle = try FileHandle(forWritingTo: source)
            for _ in 0..<mebibytes { try handle.write(contentsOf: block) }
            try handle.close()
            defer { try? FileManager.default.removeItem(at: source) }
            _ = try await destination.put(path: "warmup.bin", from: #filePath)
            let clock = ContinuousClock()
            let start = clock.now
            _ = try await destination.put(path: "bench.bin", from: source.path)
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let size =
                (try FileManager.default.attributesOfItem(atPath: peer.upload + "/exports/bench.bin")[.size] as? Int)
                ?? 0
            #expect(size == mebibytes * 1024 * 1024)
            print("SFTP upload of \(mebibytes) MiB: \(String(format: "%.1f", Double(size) / seconds / 1e6)) MB/s")
        }
    }
}
