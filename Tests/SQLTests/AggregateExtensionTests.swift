import Columnar
import Testing

@testable import SQL

/// Grouping sets, ordered-set, statistical and approximate aggregates, DISTINCT ON and WITH TIES over far more
/// data than the memory limit: the same results as without a limit, and no reservation beyond it.
@Suite struct AggregateExtensionSpillTests {
    @Test func orderedStatisticalAndFilteredAggregatesSpillAndMatch() async throws {
        let stats = try await SpillTests.compare(
            """
            SELECT g, percentile_cont(0.5) WITHIN GROUP (ORDER BY v), percentile_disc(0.9) WITHIN GROUP (ORDER BY s DESC),
                   mode() WITHIN GROUP (ORDER BY v), string_agg(s, ',' ORDER BY id DESC), stddev(v), var_pop(id),
                   stddev_samp(id), corr(v, id), regr_slope(v, id), bit_xor(id), approx_count_distinct(s),
                   count(*) FILTER (WHERE v > 10), sum(id) FILTER (WHERE s < 'k5')
            FROM u GROUP BY g
            """, limit: 64 << 10)
        #expect(stats.spilledRows > 0)
    }

    @Test func orderedStatesLargerThanTheTableAreMovedOutWholeAndResumed() async throws {
        // Four groups of 5,000 collected rows each (over 1 MB of state each): one fits the limit, four do not.
        let stats = try await SpillTests.compare(
            """
            SELECT g % 4, percentile_disc(0.25) WITHIN GROUP (ORDER BY id), string_agg(s, '' ORDER BY v, id)
            FROM u GROUP BY 1
            """, limit: 2 << 20)
        #expect(stats.spilledRows > 0)
    }

    @Test func groupingSetsSpillAndMatch() async throws {
        let stats = try await SpillTests.compare(
            """
            SELECT g, s, count(*), sum(v), grouping(g, s), stddev(id), approx_count_distinct(id), bit_or(id)
            FROM u GROUP BY CUBE (g, s)
            """, limit: 64 << 10)
        #expect(stats.spilledRows > 0)
        // Ordered-set states per group; the empty grouping set would hold all 100,000 values in one group.
        try await SpillTests.compare(
            """
            SELECT g, s, percentile_disc(0.5) WITHIN GROUP (ORDER BY id), string_agg(s, ',' ORDER BY id DESC)
            FROM u GROUP BY GROUPING SETS ((g), (g, s))
            """, limit: 64 << 10)
    }

    @Test func ungroupedOrderedSetAggregatesSpillSortedRunsAndMatch() async throws {
        // 100,000 rows in one group (about 50 times the limit): each aggregate's rows go to sorted runs.
        let stats = try await SpillTests.compare(
            """
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v), percentile_disc(0.9) WITHIN GROUP (ORDER BY s DESC),
                   mode() WITHIN GROUP (ORDER BY v), mode() WITHIN GROUP (ORDER BY s DESC),
                   percentile_disc(0.25) WITHIN GROUP (ORDER BY id), percentile_cont(0.3) WITHIN GROUP (ORDER BY id DESC),
                   percentile_cont(1) WITHIN GROUP (ORDER BY v) FILTER (WHERE g > 10), count(*), sum(id)
            FROM t
            """, limit: 64 << 10)
        #expect(stats.spilledRows > 0 && stats.spillRuns > ExternalSortOperator.fanIn)
        // Aggregates with ORDER BY and DISTINCT over two arguments collect their rows the same way.
        try await SpillTests.compare(
            """
            SELECT length(string_agg(s, ',' ORDER BY v DESC, id)), md5(string_agg(DISTINCT s, ';')),
                   corr(DISTINCT v, g), percentile_disc(0) WITHIN GROUP (ORDER BY g NULLS FIRST)
            FROM t
            """, limit: 64 << 10)
    }

    @Test func distinctTuplesKeepOneRowPerTupleInAGroup() async throws {
        // One group of 100,000 rows (tens of MB collected) with 1,013 distinct (s, separator) tuples.
        try await SpillTests.compare(
            """
            SELECT k, md5(string_agg(DISTINCT s, ',')), md5(string_agg(DISTINCT s, ',' ORDER BY s DESC))
            FROM (SELECT 1 AS k, s FROM t) x GROUP BY k
            """, limit: 2 << 20)
    }

    @Test func oneGroupsCollectedInputBeyondTheLimitFailsWith53200() async throws {
        let storage = InMemorySpillStorage()
        let engine = SQLEngine(options: .init(memoryLimit: 64 << 10, spillStorage: storage))
        let catalog = try SpillTests.catalog()
        await SpillTests.expectState(.outOfMemory) {
            _ = try await engine.execute(
                "SELECT k, string_agg(s, ',' ORDER BY id) FROM (SELECT 1 AS k, id, s FROM t) x GROUP BY k",
                catalog: catalog)
        }
        #expect(await storage.liveRunCount == 0)
    }

    @Test func distinctOnAndWithTiesOverASpillingSortMatch() async throws {
        try await SpillTests.compare(
            "SELECT DISTINCT ON (g) g, id, s FROM u ORDER BY g NULLS FIRST, id DESC", limit: 40 << 10, ordered: true)
        try await SpillTests.compare(
            "SELECT id, s FROM u ORDER BY s FETCH FIRST 5 ROWS WITH TIES", limit: 40 << 10)
    }
}

/// `approx_count_distinct` (HyperLogLog, 4096 registers): within the documented error bound of the exact count,
/// nearly exact for small sets, NULLs ignored, the same estimate on every run.
@Suite struct ApproxCountDistinctTests {
    static func value(_ sql: String) async throws -> Int64 {
        let result = try await SQLEngine().execute(sql, catalog: try SpillTests.catalog())
        guard case let .int(count) = result.rows.first?.first else {
            Issue.record("no count from \(sql)")
            return -1
        }
        return count
    }

    @Test func estimateIsWithinTheErrorBound() async throws {
        // t: 100,000 distinct ids, 1,013 distinct strings, 1,000 distinct doubles, 20,000 groups.
        for (sql, exact) in [
            ("SELECT approx_count_distinct(id) FROM t", 100_000.0),
            ("SELECT approx_count_distinct(g) FROM t", 20_000.0),
            ("SELECT approx_count_distinct(s) FROM t", 1013.0), ("SELECT approx_count_distinct(v) FROM t", 1000.0),
            ("SELECT approx_count_distinct(id % 37) FROM t", 37.0),
        ] {
            let estimate = Double(try await Self.value(sql))
            // 1.04 / sqrt(4096) = 1.6% standard error; 5% is three standard errors.
            #expect(abs(estimate - exact) <= exact * 0.05, "\(sql): \(estimate)")
        }
        #expect(try await Self.value("SELECT approx_count_distinct(id % 37) FROM t") == 37)
        #expect(try await Self.value("SELECT approx_count_distinct(s) FROM t WHERE false") == 0)
        let first = try await Self.value("SELECT approx_count_distinct(id) FROM t")
        #expect(try await Self.value("SELECT approx_count_distinct(id) FROM t") == first)
    }

    @Test func equalValuesHashAlike() {
        #expect(
            HyperLogLog.hash(.numeric(SQLNumeric(unscaled: 150, scale: 2)))
                == HyperLogLog.hash(.numeric(SQLNumeric(unscaled: 15, scale: 1))))
        #expect(HyperLogLog.hash(.float(0.0)) == HyperLogLog.hash(.float(-0.0)))
        #expect(HyperLogLog.hash(.text("a")) != HyperLogLog.hash(.text("b")))
    }

    @Test func naturalLogMatchesKnownValues() {
        #expect(abs(HyperLogLog.naturalLog(1) - 0) < 1e-12)
        #expect(abs(HyperLogLog.naturalLog(2.718_281_828_459_045) - 1) < 1e-12)
        #expect(abs(HyperLogLog.naturalLog(4096) - 8.317_766_166_719_343) < 1e-12)
    }
}

/// The square root PostgreSQL's numeric stddev takes, at the variance's scale, rounded half up.
@Suite struct NumericSquareRootTests {
    @Test(arguments: [
        ("2", 0, "1"), ("2.0000000000000000", 16, "1.4142135623730950"),
        ("15.7666666666666667", 16, "3.9707262140150971"),
        ("1.00000000000000000000", 20, "1.00000000000000000000"), ("0.0000000000000001", 16, "0.0000000100000000"),
        ("6.25", 2, "2.50"), ("2.25", 2, "1.50"),
    ])
    func squareRootAtScale(_ input: String, _ scale: Int, _ expected: String) throws {
        guard let value = SQLNumeric.parse(Substring(input)) else {
            Issue.record("bad numeric \(input)")
            return
        }
        #expect(value.scale == scale)
        #expect(try Accumulator.squareRoot(value).description == expected)
    }
}

/// EXPLAIN shows each grouping set's aggregate, aggregate clauses, DISTINCT ON and WITH TIES.
@Suite struct AggregateExtensionExplainTests {
    static func explain(_ sql: String) async throws -> String {
        let result = try await SQLEngine().execute("EXPLAIN " + sql, catalog: try SpillTests.catalog())
        return result.textRows.compactMap { $0.first ?? nil }.joined(separator: "\n")
    }

    @Test func explainShowsGroupingSetsAndAggregateClauses() async throws {
        let text = try await Self.explain(
            """
            SELECT g, s, count(*) FILTER (WHERE v > 1), string_agg(s, ',' ORDER BY id DESC),
                   percentile_disc(0.5) WITHIN GROUP (ORDER BY v) FROM u GROUP BY ROLLUP (g, s)
            """)
        #expect(text.split(separator: "\n").filter { $0.contains("HashAggregate") }.count == 3)
        #expect(text.contains("UNION ALL"))
        #expect(text.contains("count(*) FILTER (WHERE "))
        #expect(!text.contains("count(*)()"))
        #expect(text.contains(" DESC NULLS FIRST)"))
        #expect(text.contains("percentile_disc('0.5'::double precision) WITHIN GROUP (ORDER BY "))
    }

    @Test func explainShowsDistinctOnAndWithTies() async throws {
        let text = try await Self.explain(
            "SELECT DISTINCT ON (g) g, id FROM u ORDER BY g, id FETCH FIRST 3 ROWS WITH TIES")
        #expect(text.contains("Limit 3 offset 0 with ties on [#0, #1]"))
        #expect(text.contains("Unique on [#0]"))
    }
}
