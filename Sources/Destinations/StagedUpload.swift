/// An upload a writer began and neither committed nor aborted, typically because its process died: a hidden
/// staging file (`.<name>.outflow-tmp-<token>`) or an open multipart upload. Owners find theirs with
/// `Destination.stagedUploads(prefix:)` (by the final `path`) and remove them with `discard(_:)`.
public struct StagedUpload: Sendable, Hashable, Codable {
    /// The destination-relative path the object would have had once committed.
    public var path: String
    /// What the destination needs to discard it: the staging file's path, or a multipart upload id.
    public var handle: String

    public init(path: String, handle: String) {
        self.path = path
        self.handle = handle
    }
}

extension Destination {
    /// Default: none. Destinations whose staging is invisible and expires on its own (GCS resumable sessions,
    /// Azure uncommitted blocks) keep it.
    public func stagedUploads(prefix: String) async throws(DestinationError) -> [StagedUpload] { [] }

    /// Default: nothing to do.
    public func discard(_ upload: StagedUpload) async throws(DestinationError) {}
}
