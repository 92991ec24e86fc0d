import GRDB

extension Lake {
    /// The catalog's GRDB pool, for modules that keep their own tables in the catalog database (for example
    /// Exports' flows, runs and run ledger). Such modules register their own `DatabaseMigrator` with
    /// migration names distinct from the Lake's (`v1-catalog` ...), and never touch the Lake's tables.
    public var catalogDatabase: DatabasePool { catalog.pool }
}
