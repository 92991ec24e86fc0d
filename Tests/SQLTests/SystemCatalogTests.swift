import Columnar
import SQL
import Testing

/// The system catalogs and catalog functions where the PostgreSQL-replayable `catalog.slt` cannot say it: type
/// OIDs and modifiers for the wire protocol, stable table OIDs, the session a catalog describes.
@Suite struct SystemCatalogTests {
    struct SessionCatalog: SQLCatalog {
        var inner: InMemoryCatalog
        var session: CatalogSession
        var tableNames: [String] { inner.tableNames }
        func table(named name: String) -> (any TableProvider)? { inner.table(named: name) }
        func stableKey(ofTable name: String) -> String { "dataset-id-of-" + name }
    }

    static func catalog() throws -> InMemoryCatalog {
        let schema = Schema([
            Field("id", .int64), Field("userName", .string), Field("price", .decimal(precision: 10, scale: 2)),
        ])
        return InMemoryCatalog([
            try InMemoryTable(name: "webEvents", schema: schema, rows: [[.int(1), .string("a"), .decimal(150)]])
        ])
    }

    static func rows(_ sql: String, _ catalog: any SQLCatalog) async throws -> [[String?]] {
        try await SQLEngine().execute(sql, catalog: catalog).textRows
    }

    @Test func typeOIDsAndModifiersArePostgreSQLs() {
        let cases: [(SQLType, UInt32, Int32)] = [
            (.boolean, 16, -1), (.smallint, 21, -1), (.integer, 23, -1), (.bigint, 20, -1), (.real, 700, -1),
            (.double, 701, -1), (.text, 25, -1), (.varchar(length: 12), 1043, 16), (.varchar(length: nil), 1043, -1),
            (.bpchar(length: 3), 1042, 7), (.numeric(precision: 10, scale: 2), 1700, 655_366), (.anyNumeric, 1700, -1),
            (.json, 114, -1), (.bytea, 17, -1), (.date, 1082, -1), (.time, 1083, -1),
            (.timestamp(withTimeZone: false), 1114, -1), (.timestamptz, 1184, -1), (.interval, 1186, -1),
            (.unknown, 705, -1), (SQLType(DataType.struct([Field("a", .int32)])), 2249, -1),
            (SQLType(DataType.list(Field("element", .string))), 1009, -1),
            (SQLType(DataType.list(Field("element", .list(Field("element", .int64))))), 1016, -1),
            (SQLType(DataType.list(Field("element", .struct([Field("a", .int32)])))), 2287, -1),
        ]
        for (type, oid, typmod) in cases {
            #expect(type.postgresTypeOID == oid, "\(type)")
            #expect(type.postgresTypmod == typmod, "\(type)")
        }
    }

    @Test func tableOIDsComeFromTheStableKeyAndRepeat() async throws {
        let inner = try Self.catalog()
        let keyed = SessionCatalog(inner: inner, session: CatalogSession())
        let sql = "SELECT oid FROM pg_class WHERE relname = 'webEvents'"
        let first = try await Self.rows(sql, keyed)
        #expect(first == (try await Self.rows(sql, keyed)))
        // The key, not the name, decides: another key gives another OID; every OID is a user OID.
        let byName = try await Self.rows(sql, inner)
        #expect(first != byName)
        for rows in [first, byName] {
            let oid = try #require(rows.first?.first.flatMap { $0 }.flatMap { Int64($0) })
            #expect(oid >= 16384 && oid <= Int64(UInt32.max))
        }
        // regclass of the name is that OID, and it prints back as the name, quoted as PostgreSQL quotes it.
        #expect(try await Self.rows("SELECT 'webEvents'::regclass::oid::text = (\(sql))::text", keyed) == [["true"]])
        #expect(
            try await Self.rows("SELECT 'webEvents'::regclass, 'WEBEVENTS'::regclass::text", keyed) == [
                ["\"webEvents\"", "\"webEvents\""]
            ])
    }

    @Test func theSessionNamesTheDatabaseUserAndSettings() async throws {
        let session = CatalogSession(
            database: "prod", databases: ["dev"], user: "analyst", backendPID: 42,
            settings: ["application_name": "psql"])
        let catalog = SessionCatalog(inner: try Self.catalog(), session: session)
        #expect(
            try await Self.rows(
                "SELECT current_database(), current_user, pg_backend_pid(), current_catalog, user", catalog)
                == [["prod", "analyst", "42", "prod", "analyst"]])
        #expect(try await Self.rows("SELECT datname FROM pg_database ORDER BY 1", catalog) == [["dev"], ["prod"]])
        #expect(try await Self.rows("SELECT rolname FROM pg_roles", catalog) == [["analyst"]])
        #expect(
            try await Self.rows("SELECT setting FROM pg_settings WHERE name = 'application_name'", catalog)
                == [["psql"]])
        #expect(try await Self.rows("SELECT has_database_privilege('dev', 'CONNECT')", catalog) == [["true"]])
        await #expect(throws: SQLError.self) {
            try await Self.rows("SELECT has_database_privilege('x', 'CONNECT')", catalog)
        }
    }

    @Test func viewsAreRelationsWithColumnsAndDefinitions() async throws {
        var inner = try Self.catalog()
        inner.add(try InMemoryTable(name: "t", schema: Schema([Field("a", .int32)]), rows: [[.int(1)]]))
        struct Viewed: SQLCatalog {
            var inner: InMemoryCatalog
            var tableNames: [String] { inner.tableNames }
            func table(named name: String) -> (any TableProvider)? { inner.table(named: name) }
            var viewNames: [String] { ["v", "meta"] }
            func view(named name: String) -> SQLView? {
                let sql = name == "v" ? "SELECT a, a * 2 AS b FROM t" : "SELECT relname FROM pg_class"
                guard case let .query(query)? = try? SQLParser.parseStatement(sql) else { return nil }
                return SQLView(name: name, query: query, columns: name == "v" ? ["a", "b"] : ["relname"])
            }
        }
        let catalog = Viewed(inner: inner)
        #expect(
            try await Self.rows(
                "SELECT c.relkind, a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid WHERE c.relname = 'v' ORDER BY a.attnum",
                catalog) == [["v", "a", "integer"], ["v", "b", "integer"]])
        #expect(
            try await Self.rows(
                "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
                catalog)
                == [["meta", "VIEW"], ["t", "BASE TABLE"], ["v", "VIEW"], ["webEvents", "BASE TABLE"]])
        let definition = try await Self.rows(
            "SELECT pg_get_viewdef('v'::regclass) = view_definition FROM information_schema.views WHERE table_name = 'v'",
            catalog)
        #expect(definition == [["true"]])
        // A view over the system catalogs lists itself without recursing.
        #expect(try await Self.rows("SELECT count(*) > 0 FROM meta WHERE relname = 'meta'", catalog) == [["true"]])
    }

    @Test func whatIsNotImplementedIsRefusedNotAnswered() async throws {
        let catalog = try Self.catalog()
        for sql in [
            "SELECT * FROM pg_catalog.pg_stat_activity", "SELECT 'x' COLLATE \"de_DE\"",
            "SELECT relname::text::regclass FROM pg_class", "SELECT 'now'::regproc",
            "SELECT has_table_privilege('webEvents', relname) FROM pg_class", "SELECT 1 OPERATOR(myschema.+) 2",
            "SELECT NULL::regclass[]",
        ] {
            await #expect(throws: SQLError.self, "\(sql)") { try await Self.rows(sql, catalog) }
            do {
                _ = try await Self.rows(sql, catalog)
            } catch let error as SQLError {
                #expect(error.state == .featureNotSupported, "\(sql): \(error)")
            }
        }
    }
}
