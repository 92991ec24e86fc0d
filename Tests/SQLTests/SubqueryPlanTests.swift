import Columnar
import SQL
import Testing

/// What the `.slt` files cannot show: the joins subqueries become (EXPLAIN), the fallback for shapes that are
/// not decorrelated, laziness of the scalar subquery's cardinality error, and the recursion bound.
@Suite struct SubqueryPlanTests {
    static func catalog() throws -> InMemoryCatalog {
        let p = try InMemoryTable(
            name: "p", schema: Schema([Field("id", .int32), Field("v", .int32)]),
            rows: [[.int(1), .int(10)], [.int(2), .int(20)], [.int(3), .null]])
        let q = try InMemoryTable(
            name: "q", schema: Schema([Field("pid", .int32), Field("w", .int32)]),
            rows: [[.int(1), .int(5)], [.int(1), .int(7)], [.null, .int(9)]])
        return InMemoryCatalog([p, q])
    }

    static func explain(_ sql: String) async throws -> String {
        let result = try await SQLEngine().execute("EXPLAIN " + sql, catalog: try catalog())
        return result.textRows.compactMap { $0.first ?? nil }.joined(separator: "\n")
    }

    static func text(_ sql: String, engine: SQLEngine = SQLEngine()) async throws -> [[String?]] {
        try await engine.execute(sql, catalog: try catalog()).textRows
    }

    @Test func existsAndInInWhereBecomeSemiAndAntiJoins() async throws {
        let exists = try await Self.explain("SELECT id FROM p WHERE EXISTS (SELECT 1 FROM q WHERE q.pid = p.id)")
        #expect(exists.contains("HashJoin Semi keys: #0 = #0"))
        let notExists = try await Self.explain(
            "SELECT id FROM p WHERE NOT EXISTS (SELECT 1 FROM q WHERE q.pid = p.id)")
        #expect(notExists.contains("HashJoin Anti"))
        let inList = try await Self.explain("SELECT id FROM p WHERE v IN (SELECT w FROM q)")
        #expect(inList.contains("HashJoin Semi"))
        #expect(!inList.contains("Apply"))
    }

    @Test func inInTheSelectListIsAMarkJoinWithNullSemantics() async throws {
        let plan = try await Self.explain("SELECT id, v NOT IN (SELECT w FROM q WHERE q.pid = p.id) FROM p")
        #expect(plan.contains("HashJoin Mark ANY"))
        let rows = try await Self.text(
            "SELECT id, v NOT IN (SELECT w + 3 FROM q WHERE q.pid = p.id) FROM p ORDER BY id")
        #expect(rows == [["1", "false"], ["2", "true"], ["3", "true"]])
    }

    @Test func correlatedCountIsAGroupedAggregateJoinedBackWithoutTheCountBug() async throws {
        let sql = "SELECT id, (SELECT count(*) FROM q WHERE q.pid = p.id) FROM p ORDER BY id"
        let plan = try await Self.explain(sql)
        #expect(plan.contains("HashJoin Left"))
        #expect(plan.contains("HashAggregate groups: [#0]"))
        #expect(!plan.contains("Apply"))
        #expect(try await Self.text(sql) == [["1", "2"], ["2", "0"], ["3", "0"]])
    }

    @Test func otherCorrelatedShapesRunPerRow() async throws {
        let sql = "SELECT id, (SELECT w FROM q WHERE q.pid = p.id ORDER BY w DESC LIMIT 1) FROM p ORDER BY id"
        #expect(try await Self.explain(sql).contains("Apply (SubPlan) per row"))
        #expect(try await Self.text(sql) == [["1", "7"], ["2", nil], ["3", nil]])
    }

    @Test func tooManyRowsIsRaisedOnlyWhenTheValueIsNeeded() async throws {
        // An uncorrelated scalar subquery runs once; its error is raised where the value is used, as PostgreSQL
        // raises it when the initplan is evaluated.
        #expect(try await Self.text("SELECT id FROM p WHERE id > 5 AND v = (SELECT w FROM q)") == [])
        await #expect(throws: SQLError.self) { try await Self.text("SELECT id FROM p WHERE v = (SELECT w FROM q)") }
    }

    @Test func endlessRecursionHitsTheIterationLimit() async throws {
        let engine = SQLEngine(recursionLimits: RecursionLimits(maxIterations: 50, maxRows: 1_000))
        let sql = "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t"
        do {
            _ = try await Self.text(sql, engine: engine)
            Issue.record("expected an error")
        } catch let error as SQLError {
            #expect(error.state == SQLState("54000"))
            #expect(error.message.contains("50 iterations"))
        }
        let rows = "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n FROM t, q) SELECT count(*) FROM t"
        do {
            _ = try await Self.text(rows, engine: engine)
            Issue.record("expected an error")
        } catch let error as SQLError {
            #expect(error.message.contains("more than 1000 rows"))
        }
        // A LIMIT above stops the recursion before any bound.
        let limited = "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT n FROM t LIMIT 2"
        #expect(try await Self.text(limited, engine: engine) == [["1"], ["2"]])
    }

    @Test func lateralJoinsRunTheRightSidePerLeftRow() async throws {
        let sql =
            "SELECT p.id, x.w FROM p LEFT JOIN LATERAL (SELECT w FROM q WHERE q.pid = p.id) x ON true ORDER BY 1, 2"
        #expect(try await Self.explain(sql).contains("LateralJoin Left"))
        #expect(try await Self.text(sql) == [["1", "5"], ["1", "7"], ["2", nil], ["3", nil]])
    }
}
