/// A stored view: the query it stands for, expanded where the view is named (bound afresh each time, so it
/// sees the tables as they are now), and the names its columns get.
public struct SQLView: Sendable {
    /// The view's name as stored.
    public var name: String
    public var query: Query
    /// Output column names, in order (the view's column list, or its query's names when it was created).
    public var columns: [String]

    public init(name: String, query: Query, columns: [String]) {
        self.name = name
        self.query = query
        self.columns = columns
    }
}

extension SQLCatalog {
    /// No views unless a catalog stores them.
    public var viewNames: [String] { [] }

    public func view(named name: String) -> SQLView? { nil }
}
