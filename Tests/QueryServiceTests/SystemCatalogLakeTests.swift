import Lake
import OutflowTestSupport
import QueryService
import SQL
import Testing

/// The system catalogs over a sandbox: datasets in `public`, OIDs from dataset ids, the sandbox as the database.
@Suite(.onDedicatedThreads) struct SystemCatalogLakeTests {
    @Test func psqlListsTheSandboxDatasetsWithOIDsFromTheirIds() async throws {
        let fixture = try QueryFixture()
        let dataset = try fixture.ingested("webEvents", batches: [[(1, "a"), (2, "b")]])
        let listing = try await fixture.rows(
            """
            SELECT n.nspname, c.relname, c.reltuples, pg_catalog.pg_get_userbyid(c.relowner)
            FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r','p','') AND n.nspname <> 'pg_catalog' AND n.nspname <> 'information_schema'
              AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY 1, 2
            """)
        #expect(listing.rows == [["public", "webEvents", "2", "outflow"]])
        // The OID is the one a catalog keyed by the dataset id gives, in this session and a new one.
        let oid = try await fixture.rows("SELECT oid FROM pg_class WHERE relname = 'webEvents'").rows
        let again = try await QuerySession(lake: fixture.lake, sandbox: "prod", store: fixture.store)
            .run("SELECT 'public.\"webEvents\"'::regclass::oid")
        var rows: [[String?]] = []
        while let batch = try await again.next() { rows += batch.textRows }
        #expect(rows == oid)
        let catalog = try await LakeSQLCatalog.load(lake: fixture.lake, sandbox: "prod", store: fixture.store)
        #expect(catalog.stableKey(ofTable: "webEvents") == dataset.id)
        #expect(
            try await fixture.rows(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'webEvents' ORDER BY ordinal_position"
            ).rows == [["_id", "text"], ["id", "bigint"], ["v", "text"]])
    }

    @Test func theSandboxIsTheDatabaseAndSettingsShow() async throws {
        let fixture = try QueryFixture()
        #expect(
            try await fixture.rows("SELECT current_database(), datname FROM pg_database").rows == [["prod", "prod"]])
        #expect(
            try await fixture.rows(
                "SET application_name = 'dbeaver'; SELECT setting FROM pg_settings WHERE name = 'application_name'"
            )
            .rows == [["dbeaver"]])
        fixture.session.catalogSession.user = "analyst"
        #expect(try await fixture.rows("SELECT current_user, pg_get_userbyid(10)").rows == [["analyst", "analyst"]])
    }
}
