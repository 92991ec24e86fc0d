/// One temporary run of spilled blocks.
public struct SpillRunID: Hashable, Sendable, CustomStringConvertible {
    public let value: UInt64

    public init(_ value: UInt64) { self.value = value }

    public var description: String { "run-\(value)" }
}

/// A block read back from a run, and the position of the block after it.
public struct SpillBlock: Sendable {
    public var bytes: [UInt8]
    public var next: Int

    public init(bytes: [UInt8], next: Int) {
        self.bytes = bytes
        self.next = next
    }
}

/// Where operators put what does not fit in memory: runs of byte blocks, appended and read back in order.
///
/// The engine does no I/O itself: a file implementation lives with the service that runs the engine and does its
/// blocking calls off Swift's cooperative pool. Runs are private to one statement; the engine deletes each one
/// when its operator is done with it, when the statement fails and when it is cancelled (`delete` must work in a
/// cancelled task).
public protocol SpillStorage: Sendable {
    func createRun() async throws -> SpillRunID
    func append(_ block: [UInt8], to run: SpillRunID) async throws
    /// The block at `position` (0 is the first; each block names the position of the next), nil past the last.
    func read(_ run: SpillRunID, at position: Int) async throws -> SpillBlock?
    func delete(_ run: SpillRunID) async throws
}

/// Spill runs held in memory: for tests and for hosts without a scratch directory.
public actor InMemorySpillStorage: SpillStorage {
    private var runs: [SpillRunID: [[UInt8]]] = [:]
    private var nextID: UInt64 = 0

    public init() {}

    /// Runs created and not yet deleted.
    public var liveRunCount: Int { runs.count }

    public func createRun() -> SpillRunID {
        nextID += 1
        let run = SpillRunID(nextID)
        runs[run] = []
        return run
    }

    public func append(_ block: [UInt8], to run: SpillRunID) throws {
        guard runs[run] != nil else { throw SpillStorageError.unknownRun(run) }
        runs[run]?.append(block)
    }

    public func read(_ run: SpillRunID, at position: Int) throws -> SpillBlock? {
        guard let blocks = runs[run] else { throw SpillStorageError.unknownRun(run) }
        guard position >= 0, position < blocks.count else { return nil }
        return SpillBlock(bytes: blocks[position], next: position + 1)
    }

    public func delete(_ run: SpillRunID) {
        runs[run] = nil
    }
}

/// A spill storage failure.
public enum SpillStorageError: Error, Hashable, Sendable {
    case unknownRun(SpillRunID)
}
