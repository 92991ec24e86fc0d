/// A privacy deletion of a person from a connection (`/data/connections/{id}/privacy/deletions`, id `pd_…`), in
/// the spirit of AEP's Privacy Service: the person is named by a transient id (login, CRM id). From the moment it
/// is recorded, reports and replay runs treat that transient id as unknown, so the person's events revert to
/// their device (persistent) id, as CJA documents for stitched events of a deleted person; the next replay
/// rewrites the stitched dataset without it.
public struct PrivacyDeletion: Sendable, Hashable, Codable {
    public var id: String
    public var connectionId: String
    public var sandbox: String
    /// The transient id (value of the connection's `transientIdField`) to forget.
    public var transientId: String
    /// Epoch milliseconds.
    public var createdAt: Int64

    public init(id: String, connectionId: String, sandbox: String, transientId: String, createdAt: Int64) {
        self.id = id
        self.connectionId = connectionId
        self.sandbox = sandbox
        self.transientId = transientId
        self.createdAt = createdAt
    }
}
