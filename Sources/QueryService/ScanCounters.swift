import Synchronization

/// Counts what lake scans do (tests prove pruning and nested projection with it): row groups considered,
/// skipped by statistics, and decoded, and the compressed bytes of the column chunks decoded.
public final class ScanCounters: Sendable {
    private let state = Mutex<(considered: Int, skipped: Int, decoded: Int, bytes: Int)>((0, 0, 0, 0))

    public init() {}

    public var considered: Int { state.withLock { $0.considered } }
    public var skipped: Int { state.withLock { $0.skipped } }
    public var decoded: Int { state.withLock { $0.decoded } }
    /// Compressed bytes of the column chunks read.
    public var bytesRead: Int { state.withLock { $0.bytes } }

    func planned(considered: Int, skipped: Int) {
        state.withLock {
            $0.considered += considered
            $0.skipped += skipped
        }
    }

    func decodedOne(bytes: Int = 0) {
        state.withLock {
            $0.decoded += 1
            $0.bytes += bytes
        }
    }
}
