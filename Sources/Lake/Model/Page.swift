/// One page of a listing: `items` starting at offset `start`, of `total` items overall.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var total: Int
    public var start: Int
    public var limit: Int

    public init(items: [Item], total: Int, start: Int, limit: Int) {
        self.items = items
        self.total = total
        self.start = start
        self.limit = limit
    }
}

extension Page: Codable where Item: Codable {}
