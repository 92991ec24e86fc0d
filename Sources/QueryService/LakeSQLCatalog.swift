public import Lake
public import SQL

/// One sandbox of the lake as the SQL engine sees it: each dataset is a table named as the dataset, each stored
/// view a view. A snapshot: built per statement (`load`), so a statement sees one list of datasets.
///
/// (Named `LakeSQLCatalog` because `Lake` already has a `LakeCatalog`: its catalog store protocol.)
public struct LakeSQLCatalog: SQLCatalog {
    public let sandbox: String
    public let tables: [String: LakeTable]
    public let views: [String: SQLView]
    /// Names of the datasets made by `CREATE TABLE AS` (they have lineage).
    public let derived: [String: DatasetLineage]
    /// What the system catalogs say about the session (database: the sandbox).
    public var session: CatalogSession

    public var tableNames: [String] { tables.keys.sorted() }
    public var viewNames: [String] { views.keys.sorted() }

    public func table(named name: String) -> (any TableProvider)? { tables[name] }
    public func view(named name: String) -> SQLView? { views[name] }
    /// A dataset's `pg_class` OID is derived from its dataset id: stable across sessions and renames.
    public func stableKey(ofTable name: String) -> String { tables[name]?.datasetId ?? name }

    public init(
        sandbox: String, tables: [LakeTable], views: [SQLView] = [], derived: [String: DatasetLineage] = [:]
    ) {
        self.sandbox = sandbox
        var byName: [String: LakeTable] = [:]
        for table in tables { byName[table.name] = table }
        self.tables = byName
        var viewsByName: [String: SQLView] = [:]
        for view in views { viewsByName[view.name] = view }
        self.views = viewsByName
        self.derived = derived
        session = CatalogSession(database: sandbox)
    }

    /// The sandbox's datasets, views and lineage now. Datasets whose names repeat are left out (no table
    /// name could tell them apart); `counters` (tests) counts the row groups scans read and skip.
    public static func load(
        lake: Lake, sandbox: String, store: any QueryStore, counters: ScanCounters? = nil
    ) async throws(SQLError) -> LakeSQLCatalog {
        let datasets = try await BlockingIO.run("cannot list datasets") { () throws -> [Dataset] in
            var all: [Dataset] = []
            var start = 0
            while true {
                let page = try lake.datasets(sandbox: sandbox, start: start, limit: 1000)
                all += page.items
                start += page.items.count
                if page.items.isEmpty || start >= page.total { return all }
            }
        }
        let lineage: [DatasetLineage]
        let stored: [StoredView]
        do {
            lineage = try await store.lineage(sandbox: sandbox)
            stored = try await store.views(sandbox: sandbox)
        } catch {
            throw SQLError(SQLState("58000"), "cannot read views and lineage: \(error)")
        }
        var derivedById: [String: DatasetLineage] = [:]
        for entry in lineage { derivedById[entry.datasetId] = entry }
        var counts: [String: Int] = [:]
        for dataset in datasets { counts[dataset.name, default: 0] += 1 }
        var tables: [LakeTable] = []
        var derived: [String: DatasetLineage] = [:]
        for dataset in datasets where counts[dataset.name] == 1 {
            let made = derivedById[dataset.id]
            if let made { derived[dataset.name] = made }
            tables.append(LakeTable(lake: lake, dataset: dataset, hidesId: made != nil, counters: counters))
        }
        var views: [SQLView] = []
        for view in stored {
            guard case let .query(query)? = try? SQLParser.parseStatement(view.sql) else { continue }
            views.append(SQLView(name: view.name, query: query, columns: view.columns))
        }
        return LakeSQLCatalog(sandbox: sandbox, tables: tables, views: views, derived: derived)
    }
}
