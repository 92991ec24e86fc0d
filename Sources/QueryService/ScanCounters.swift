import Synchronization

/// Counts what lake scans do (tests prove pruning with it): row groups considered, skipped by statistics, and
/// decoded.
public final class ScanCounters: Sendable {
    private let state = Mutex<(considered: Int, skipped: Int, decoded: Int)>((0, 0, 0))

    public init() {}

    public var considered: Int { state.withLock { $0.considered } }
    public var skipped: Int { state.withLock { $0.skipped } }
    public var decoded: Int { state.withLock { $0.decoded } }

    func planned(considered: Int, skipped: Int) {
        state.withLock {
            $0.considered += considered
            $0.skipped += skipped
        }
    }

    func decodedOne() { state.withLock { $0.decoded += 1 } }
}
