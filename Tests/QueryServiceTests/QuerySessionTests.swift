import Columnar
import Lake
import OutflowTestSupport
import SQL
import Storage
import Testing

@testable import QueryService

@Suite(.onDedicatedThreads) struct QuerySessionTests {
    @Test func createTableAsMakesADerivedDatasetWithLineage() async throws {
        let fixture = try QueryFixture()
        let created = try await fixture.rows(
            "CREATE TABLE d AS SELECT x AS n, CAST(x AS numeric(6,2)) / 4 AS q, 'v' || x AS s FROM (VALUES (1), (2), (3)) v(x)"
        )
        #expect(created.tag == "SELECT 3")
        let (rows, tag) = try await fixture.rows("SELECT * FROM d ORDER BY n")
        #expect(tag == "SELECT 3")
        // PostgreSQL's division scale: numeric(6,2) / 4 has 20 fraction digits, kept as decimal(38, 20).
        let quarter = "0.25000000000000000000"
        #expect(
            rows == [
                ["1", quarter, "v1"], ["2", "0.50000000000000000000", "v2"], ["3", "0.75000000000000000000", "v3"],
            ])
        let dataset = try fixture.lake.dataset(sandbox: "prod", idOrName: "d")
        #expect(dataset.rowCount == 3 && dataset.batchCount == 1)
        #expect(dataset.schema.fields.map(\.name) == ["_id", "n", "q", "s"])
        let lineage = try await fixture.store.lineage(sandbox: "prod")
        #expect(lineage.map(\.datasetId) == [dataset.id])
        #expect(lineage.first?.sql.hasPrefix("CREATE TABLE d AS SELECT") == true)
    }

    @Test func columnReadersGetBatchesWithoutRowsAndTheTagStillCounts() async throws {
        let fixture = try QueryFixture()
        let result = try await fixture.session.run("SELECT CAST(x AS bigint), 'v' || x FROM generate_series(1, 5) g(x)")
        var values: [Int64] = []
        while let batch = try await result.next(rows: false) {
            #expect(batch.rows.isEmpty && batch.rowCount == batch.batches.first?.rowCount)
            let column = try #require(batch.batches.first?.columns.first)
            if case let .int64(numbers) = column.storage { values += numbers.prefix(column.count) }
        }
        #expect(values == [1, 2, 3, 4, 5])
        #expect(result.commandTag == "SELECT 5")
    }

    @Test func createTableAsRefusesTakenNamesAndBadColumnsAndLeavesNothingOnFailure() async throws {
        let fixture = try QueryFixture()
        _ = try await fixture.rows("CREATE TABLE d AS SELECT 1 AS a")
        #expect(await fixture.state("CREATE TABLE D AS SELECT 2 AS a") == "42P07")
        #expect(try await fixture.rows("CREATE TABLE IF NOT EXISTS d AS SELECT 2 AS a").tag == "CREATE TABLE AS")
        #expect(await fixture.state("CREATE TABLE e AS SELECT 1, 2") == "42602")
        #expect(await fixture.state("CREATE TABLE e AS SELECT 1 AS a, 2 AS a") == "42701")
        #expect(await fixture.state("CREATE TABLE e AS SELECT 1 / 0 AS a") == "22012")
        #expect(await fixture.state("SELECT * FROM e") == "42P01")
        #expect(try fixture.lake.datasets(sandbox: "prod").items.map(\.name) == ["d"])
        #expect(try await fixture.rows("CREATE TABLE e (k) AS SELECT 5 WITH NO DATA").tag == "SELECT 0")
        #expect(try await fixture.rows("SELECT k FROM e").rows.isEmpty)
    }

    @Test func insertAppendsABatchWithAssignmentCasts() async throws {
        let fixture = try QueryFixture()
        _ = try await fixture.rows(
            "CREATE TABLE t AS SELECT 1 AS i, CAST('a' AS text) AS s, CAST(1.5 AS numeric(5,2)) AS n")
        #expect(try await fixture.rows("INSERT INTO t VALUES (2, 'b', 2.345), ('3', NULL, 7)").tag == "INSERT 0 2")
        #expect(
            try await fixture.rows("INSERT INTO t (s, i) SELECT s || 'x', i + 10 FROM t WHERE i = 1").tag
                == "INSERT 0 1")
        #expect(try await fixture.rows("INSERT INTO t (n) VALUES (CAST(4.4 AS double precision))").tag == "INSERT 0 1")
        let rows = try await fixture.rows("SELECT i, s, n FROM t ORDER BY i NULLS LAST").rows
        #expect(
            rows == [
                ["1", "a", "1.50"], ["2", "b", "2.35"], ["3", nil, "7.00"], ["11", "ax", nil], [nil, nil, "4.40"],
            ])
        #expect(try fixture.lake.dataset(sandbox: "prod", idOrName: "t").batchCount == 4)
        #expect(await fixture.state("INSERT INTO t (i) VALUES ('x')") == "22P02")
        #expect(await fixture.state("INSERT INTO t (i) SELECT CAST('x' AS text)") == "42804")
        #expect(await fixture.state("INSERT INTO t (nope) VALUES (1)") == "42703")
        #expect(await fixture.state("INSERT INTO t (i, i) VALUES (1, 2)") == "42701")
        #expect(await fixture.state("INSERT INTO t VALUES (1, 'a', 1, 4)") == "42601")
        #expect(await fixture.state("INSERT INTO t (i) VALUES (2147483648)") == "22003")
        #expect(await fixture.state("INSERT INTO missing VALUES (1)") == "42P01")
    }

    @Test func dropTableDeletesOnlyDerivedDatasets() async throws {
        let fixture = try QueryFixture()
        try fixture.ingested("ingested", batches: [[(1, "a")]])
        _ = try await fixture.rows("CREATE TABLE d AS SELECT 1 AS a; CREATE VIEW v AS SELECT 1 AS a")
        #expect(await fixture.state("DROP TABLE ingested") == "42501")
        #expect(await fixture.state("DROP TABLE v") == "42809")
        #expect(await fixture.state("DROP TABLE nope") == "42P01")
        #expect(try await fixture.rows("DROP TABLE IF EXISTS nope, d").tag == "DROP TABLE")
        #expect(await fixture.state("SELECT * FROM d") == "42P01")
        #expect(try await fixture.store.lineage(sandbox: "prod").isEmpty)
        #expect(try await fixture.rows("SELECT count(*) FROM ingested").rows == [["1"]])
    }

    @Test func viewsAreStoredAndExpandedAtBindTime() async throws {
        let fixture = try QueryFixture()
        _ = try await fixture.rows("CREATE TABLE t AS SELECT x FROM (VALUES (1), (2), (3)) v(x)")
        #expect(try await fixture.rows("CREATE VIEW big (y) AS SELECT x FROM t WHERE x > 1").tag == "CREATE VIEW")
        #expect(try await fixture.rows("SELECT sum(y) FROM BIG").rows == [["5"]])
        _ = try await fixture.rows("INSERT INTO t VALUES (10)")
        #expect(try await fixture.rows("SELECT sum(b.y) FROM big b").rows == [["15"]])
        #expect(await fixture.state("CREATE VIEW big AS SELECT 1 AS y") == "42P07")
        #expect(await fixture.state("CREATE OR REPLACE VIEW big AS SELECT 1 AS z") == "42P16")
        _ = try await fixture.rows("CREATE OR REPLACE VIEW big AS SELECT x AS y, 0 AS z FROM t WHERE x > 2")
        #expect(try await fixture.rows("SELECT y, z FROM big").rows == [["3", "0"], ["10", "0"]])
        #expect(await fixture.state("CREATE VIEW w AS SELECT * FROM nowhere") == "42P01")
        #expect(await fixture.state("DROP VIEW t") == "42809")
        #expect(try await fixture.rows("DROP VIEW big; DROP VIEW IF EXISTS big").tag == "DROP VIEW")
        #expect(await fixture.state("SELECT * FROM big") == "42P01")
        // A second session (another process) sees the stored view.
        _ = try await fixture.rows("CREATE VIEW again AS SELECT count(*) AS c FROM t")
        let other = QuerySession(lake: fixture.lake, sandbox: "prod", store: fixture.store)
        let result = try await other.run("SELECT c FROM again")
        #expect(try await result.next()?.textRows == [["4"]])
    }

    @Test func settingsAndTransactionsInAScript() async throws {
        let fixture = try QueryFixture()
        #expect(try await fixture.rows("SET TimeZone = 'UTC'; SHOW timezone").rows == [["UTC"]])
        #expect(try await fixture.rows("SET application_name TO 'bi'; SHOW application_name").rows == [["bi"]])
        #expect(try await fixture.rows("SET TIME ZONE 'Etc/UTC'").tag == "SET")
        #expect(await fixture.state("SET TIME ZONE 'Mars/Olympus'") == "22023")
        // The session's zone reaches the engine: timestamptz prints in it, with its DST offset.
        #expect(
            try await fixture.rows(
                "SET TIME ZONE 'America/New_York'; SELECT TIMESTAMPTZ '2024-03-10 07:30:00+00'::text"
            ).rows
                == [["2024-03-10 03:30:00-04"]])
        #expect(try await fixture.rows("SHOW timezone").rows == [["America/New_York"]])
        #expect(try await fixture.rows("RESET TimeZone; SHOW timezone").rows == [["UTC"]])
        #expect(await fixture.state("SET no_such_setting = 1") == "42704")
        #expect(await fixture.state("SHOW no_such_setting") == "42704")
        #expect(await fixture.state("SET server_version = '16'") == "55P02")
        #expect(try await fixture.rows("SET outflow.x = 'y'; SHOW outflow.x").rows == [["y"]])
        #expect(
            try await fixture.rows("SET extra_float_digits = 0; RESET extra_float_digits; SHOW extra_float_digits").rows
                == [["1"]])
        #expect(try await fixture.rows("BEGIN; SELECT 1; COMMIT").tag == "COMMIT")
        #expect(try await fixture.rows("START TRANSACTION; ROLLBACK").tag == "ROLLBACK")
        #expect(try await fixture.rows("SELECT 1 AS a; SELECT 2 AS b").rows == [["2"]])
        #expect(await fixture.state("SELECT 1 / 0; SELECT 2") == "22012")
        #expect(await fixture.state("") == "42601")
        #expect(try await fixture.rows("EXPLAIN SELECT 1").tag == "EXPLAIN")
    }
}

@Suite struct StatementTimeoutSettingTests {
    @Test func statementTimeoutIsParsedShownAndReachesTheEngine() async throws {
        let fixture = try QueryFixture()
        for (value, shown) in [
            ("1500", "1500ms"), ("'5s'", "5s"), ("'2 min'", "2min"), ("'0.5h'", "30min"), ("0", "0"),
        ] {
            #expect(
                try await fixture.rows("SET statement_timeout = \(value); SHOW statement_timeout").rows == [[shown]])
        }
        #expect(try await fixture.rows("SET statement_timeout = '250ms'").tag == "SET")
        #expect(fixture.session.engine.options.statementTimeout == .milliseconds(250))
        #expect(try await fixture.rows("RESET statement_timeout; SHOW statement_timeout").rows == [["0"]])
        #expect(fixture.session.engine.options.statementTimeout == nil)
        #expect(await fixture.state("SET statement_timeout = 'soon'") == "22023")
        #expect(await fixture.state("SET statement_timeout = -1") == "22023")
        #expect(await fixture.state("SET statement_timeout = '30 days'") == "22023")
    }

    @Test func theProcessTimeoutStaysAnUpperBound() async throws {
        let fixture = try QueryFixture()
        let session = QuerySession(
            lake: fixture.lake, sandbox: "prod", store: fixture.store,
            options: SQLEngine.Options(statementTimeout: .seconds(10)))
        _ = try await session.run("SET statement_timeout = '1min'")
        #expect(session.engine.options.statementTimeout == .seconds(10))
        _ = try await session.run("SET statement_timeout = '1s'")
        #expect(session.engine.options.statementTimeout == .seconds(1))
        _ = try await session.run("SET statement_timeout = 0")
        #expect(session.engine.options.statementTimeout == .seconds(10))
    }
}
