import Synchronization

/// Wraps a destination and fails every `failEvery`-th commit (of writers and of `put`) with a transient
/// error, before anything becomes visible. For tests of retries and idempotent re-delivery.
public final class FaultInjectingDestination: Destination {
    public var id: String { base.id }
    private let base: any Destination
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

    public func list(prefix: String) async throws(DestinationError) -> [DestinationObject] {
        try await base.list(prefix: prefix)
    }

    public func delete(path: String) async throws(DestinationError) {
        try await base.delete(path: path)
    }

    public func exists(path: String) async throws(DestinationError) -> Bool {
        try await base.exists(path: path)
    }

    public func stagedUploads(prefix: String) async throws(DestinationError) -> [StagedUpload] {
        try await base.stagedUploads(prefix: prefix)
    }

    public func discard(_ upload: StagedUpload) async throws(DestinationError) {
        try await base.discard(upload)
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
