import Synchronization

/// Wraps a destination and fails every `failEvery`-th commit (of writers and of `put`) with a transient
/// error, before anything becomes visible. For tests of retries and idempotent re-delivery.
public final class FaultInjectingDestination: WrappingDestination {
    public let base: any Destination
    private let failEvery: Int
    private let commits = Mutex(0)

    /// - Parameter failEvery: 2 fails the 2nd, 4th, 6th ... commit; values below 1 never fail.
    public init(_ base: any Destination, failEvery: Int) {
        self.base = base
        self.failEvery = failEvery
    }

    /// Commits attempted so far (failed ones included).
    public var commitAttempts: Int { commits.withLock { $0 } }

    /// Counts one commit; true when this one must fail.
    func shouldFail() -> Bool {
        let count = commits.withLock { value -> Int in
            value += 1
            return value
        }
        return failEvery >= 1 && count % failEvery == 0
    }

    public func openWriter(path: String) async throws(DestinationError) -> any DestinationWriter {
        FaultInjectingWriter(base: try await base.openWriter(path: path), owner: self)
    }
}

/// A writer whose commit may fail by injection (the staged object is dropped then).
final class FaultInjectingWriter: DestinationWriter {
    let base: any DestinationWriter
    let owner: FaultInjectingDestination
    var path: String { base.path }

    init(base: any DestinationWriter, owner: FaultInjectingDestination) {
        self.base = base
        self.owner = owner
    }

    func write(_ bytes: [UInt8]) async throws(DestinationError) {
        try await base.write(bytes)
    }

    func commit() async throws(DestinationError) -> PutResult {
        if owner.shouldFail() {
            await base.abort()
            throw DestinationError(.transient, "injected fault on commit", path: base.path)
        }
        return try await base.commit()
    }

    func abort() async {
        await base.abort()
    }
}
