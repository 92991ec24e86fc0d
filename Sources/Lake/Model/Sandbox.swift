/// An isolated namespace of schemas, datasets and batches (AEP sandboxes); "prod" always exists.
public struct Sandbox: Sendable, Codable, Hashable {
    public var name: String
    /// Epoch milliseconds.
    public var created: Int64

    public init(name: String, created: Int64) {
        self.name = name
        self.created = created
    }
}
