import OutflowTestSupport
import QueryService
import SQL
import Testing

@Suite(.onDedicatedThreads) struct RowGroupPruningTests {
    /// Three committed batches (three row groups): ids 1-3, 10-12 and 20-22 (with a NULL v in the last).
    func fixture() async throws -> QueryFixture {
        let fixture = try QueryFixture()
        try fixture.ingested(
            "t",
            batches: [[(1, "a"), (2, "b"), (3, "c")], [(10, "k"), (11, "l"), (12, "m")], [(20, "x"), (21, nil)]])
        return fixture
    }

    @Test(arguments: [
        ("id >= 10 AND id < 12", 1, "2"),
        ("id BETWEEN 11 AND 20", 2, "3"),
        ("id IN (2, 21)", 2, "2"),
        ("5 > id", 1, "3"),
        ("v IS NULL", 1, "1"),
        ("v = 'l'", 1, "1"),
        ("id = 99", 0, "0"),
        ("(id = 1 OR id = 20)", 2, "2"),
    ])
    func prunedRowGroupsAreNotDecodedAndResultsAreUnchanged(filter: String, decoded: Int, count: String) async throws {
        let pruned = try await fixture()
        #expect(try await pruned.rows("SELECT count(*) FROM t WHERE \(filter)").rows == [[count]])
        #expect(pruned.counters.considered == 3)
        #expect(pruned.counters.decoded == decoded)
        #expect(pruned.counters.skipped == 3 - decoded)
        // The same filter in a form statistics cannot judge reads every group and counts the same rows.
        let full = try await fixture()
        let opaque = "SELECT count(*) FROM t WHERE COALESCE((\(filter)), false)"
        #expect(try await full.rows(opaque).rows == [[count]])
        #expect(full.counters.decoded == 3)
    }

    @Test func filtersOnFloatsAndExpressionsKeepEveryRowGroup() async throws {
        let fixture = try await fixture()
        #expect(try await fixture.rows("SELECT count(*) FROM t WHERE id * 2 > 30").rows == [["2"]])
        #expect(fixture.counters.decoded == 3)
    }
}
