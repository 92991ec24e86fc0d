import Columnar

/// The catalog as the system tables show it, made when a statement first reads one (or calls a catalog
/// function): every relation with its stable OID, namespace, kind and columns.
struct CatalogSnapshot: Sendable {
    struct Column: Sendable {
        var name: String
        var type: SQLType
        var nullable: Bool
    }

    struct Relation: Sendable {
        var name: String
        var oid: UInt32
        var namespace: UInt32
        /// `r` table, `v` view.
        var kind: Character
        var columns: [Column]
        /// `reltuples`: the provider's row count, -1 when unknown (PostgreSQL's "never analyzed").
        var rowCount: Int
        /// A view's query as SQL (`pg_get_viewdef`).
        var definition: String?
    }

    /// Set while the snapshot binds views (for their column types).
    @TaskLocal static var bindingViews = false

    var session: CatalogSession
    var relations: [Relation]
    /// Every database the session may see, with its OID.
    var databases: [(name: String, oid: UInt32)]
    /// The session's `TimeZone`.
    var timeZone: String

    init(catalog: any SQLCatalog, timeZone: String) {
        session = catalog.session
        self.timeZone = timeZone
        var taken = Set<UInt32>()
        var relations: [Relation] = []
        for table in SystemTables.all {
            taken.insert(table.oid)
            relations.append(
                Relation(
                    name: table.name, oid: table.oid, namespace: table.schema.oid, kind: table.kind,
                    columns: table.columns.map { Column(name: $0.name, type: SQLType($0.type), nullable: true) },
                    rowCount: -1, definition: nil))
        }
        var user: [Relation] = []
        for name in catalog.tableNames {
            guard let table = catalog.table(named: name) else { continue }
            let oid = CatalogSnapshot.stableOID(catalog.stableKey(ofTable: name), taken: &taken)
            user.append(
                Relation(
                    name: name, oid: oid, namespace: SystemNamespace.publicSchema, kind: "r",
                    columns: table.schema.fields.map {
                        Column(name: $0.name, type: SQLType($0.type), nullable: $0.nullable)
                    },
                    rowCount: table.statistics.rowCount ?? -1, definition: nil))
        }
        for name in catalog.viewNames {
            guard let view = catalog.view(named: name) else { continue }
            let oid = CatalogSnapshot.stableOID("view:" + name, taken: &taken)
            var columns: [Column] = []
            // A view over the system catalogs binds them with a snapshot whose views have no columns.
            let plan =
                CatalogSnapshot.bindingViews
                ? nil
                : CatalogSnapshot.$bindingViews.withValue(true) { try? Binder(catalog: catalog).bindQuery(view.query) }
            for (index, column) in (plan?.columns ?? []).enumerated() {
                let name = index < view.columns.count ? view.columns[index] : column.name
                columns.append(Column(name: name, type: column.type, nullable: true))
            }
            user.append(
                Relation(
                    name: name, oid: oid, namespace: SystemNamespace.publicSchema, kind: "v", columns: columns,
                    rowCount: -1, definition: SQLFormatter().query(view.query)))
        }
        self.relations = user + relations
        var databaseOIDs = Set<UInt32>()
        databases = session.databases.map { ($0, CatalogSnapshot.stableOID("database:" + $0, taken: &databaseOIDs)) }
    }

    /// An OID of at least 16384 (PostgreSQL's first for user objects) derived from `key` by FNV-1a, moved on
    /// past OIDs already `taken` (so equal keys in one snapshot cannot collide). The same catalog gives the
    /// same OIDs in every statement and session.
    static func stableOID(_ key: String, taken: inout Set<UInt32>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in key.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        let span = UInt32.max - 16384
        var oid = 16384 + hash % span
        while taken.contains(oid) { oid = oid == UInt32.max ? 16384 : oid + 1 }
        taken.insert(oid)
        return oid
    }

    func relation(oid: Int64) -> Relation? { relations.first { Int64($0.oid) == oid } }

    /// The user's tables and views, then the system tables.
    var userRelations: [Relation] { relations.filter { $0.namespace == SystemNamespace.publicSchema } }

    static func namespaceName(_ oid: UInt32) -> String {
        switch oid {
        case SystemNamespace.pgCatalog: return "pg_catalog"
        case SystemNamespace.informationSchema: return "information_schema"
        default: return "public"
        }
    }
}
