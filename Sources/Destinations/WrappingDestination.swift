/// A destination that wraps another one to change how files are written (fault injection, pauses in tests)
/// and passes everything else through to it unchanged.
public protocol WrappingDestination: Destination {
    /// The destination that receives the bytes and every call but `openWriter`.
    var base: any Destination { get }
}

extension WrappingDestination {
    public var id: String { base.id }

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
