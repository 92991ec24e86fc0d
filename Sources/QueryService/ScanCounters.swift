import Synchronization

/// Counts what lake scans do (tests prove pruning and nested projection with it): row groups considered,
/// skipped by statistics, and decoded; the compressed bytes of the column chunks decoded; and the data pages of
/// those chunks read and skipped by the page index (`PagePruning`).
public final class ScanCounters: Sendable {
    private struct State {
        var considered = 0
        var skipped = 0
        var decoded = 0
        var bytes = 0
        var pagesRead = 0
        var pagesSkipped = 0
    }

    private let state = Mutex(State())

    public init() {}

    public var considered: Int { state.withLock { $0.considered } }
    public var skipped: Int { state.withLock { $0.skipped } }
    public var decoded: Int { state.withLock { $0.decoded } }
    /// Compressed bytes of the column chunks read.
    public var bytesRead: Int { state.withLock { $0.bytes } }
    /// Data pages decoded, of the chunks with a page index.
    public var pagesRead: Int { state.withLock { $0.pagesRead } }
    /// Data pages of the projected chunks skipped because the page index rules their rows out (those of row
    /// groups skipped whole by their own statistics are not counted).
    public var pagesSkipped: Int { state.withLock { $0.pagesSkipped } }

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

    func pages(read: Int, skipped: Int) {
        state.withLock {
            $0.pagesRead += read
            $0.pagesSkipped += skipped
        }
    }
}
