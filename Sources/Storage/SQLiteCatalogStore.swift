public import Lake

/// A store whose tables live in the catalog database (`SQLiteQueryStore`, `SQLiteJourneyStore`): made from the
/// `SQLiteCatalog`, or from a lake on its SQLite catalog.
public protocol SQLiteCatalogStore {
    /// The store in `catalog`'s database.
    init(catalog: SQLiteCatalog)
}

extension SQLiteCatalogStore {
    /// The store in the lake's catalog database (`.catalog` when the lake's catalog is not SQLite).
    public init(lake: Lake) throws(LakeError) {
        self.init(catalog: try lake.sqliteCatalog())
    }
}
