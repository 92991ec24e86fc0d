import Testing

@testable import SQL

/// External sorts over normalized keys of every kind spill under a tiny memory limit and return the rows in the
/// in-memory sort's order (stable), as do sorts whose keys compare datums.
@Suite struct SortKeySpillTests {
    @Test(arguments: [
        "SELECT id, s, v FROM u ORDER BY s DESC, v NULLS FIRST",
        """
        SELECT id, g FROM u ORDER BY (v * 4)::numeric / 3 DESC,
            CASE WHEN id % 7 = 0 THEN 'NaN'::float8 WHEN id % 11 = 0 THEN -0.0::float8 ELSE v END, s NULLS FIRST
        """,
        """
        SELECT id, s FROM u ORDER BY DATE '2024-01-01' + (g % 40)::int NULLS FIRST, (id % 9) * INTERVAL '1 day' DESC,
            substr(s, 2), g % 2 = 0
        """,
        "SELECT id, s FROM u ORDER BY ARRAY[g % 5, id % 3], s DESC",
    ])
    func externalSortSpillsAndMatchesTheInMemorySort(_ sql: String) async throws {
        let stats = try await SpillTests.compare(sql, limit: 40 << 10, ordered: true)
        #expect(stats.spillRuns > 1)
    }

    @Test func topNOverNormalizedKeysMatchesTheSort() async throws {
        let catalog = try SpillTests.catalog()
        let sorted = try await SQLEngine().execute(
            "SELECT id, s FROM u ORDER BY s DESC, v NULLS FIRST, id", catalog: catalog)
        let top = try await SQLEngine().execute(
            "SELECT id, s FROM u ORDER BY s DESC, v NULLS FIRST, id LIMIT 25 OFFSET 5", catalog: catalog)
        #expect(top.textRows == Array(sorted.textRows[5..<30]))
    }
}
