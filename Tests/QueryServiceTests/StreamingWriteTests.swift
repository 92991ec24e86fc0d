import Foundation
import Lake
import OutflowTestSupport
import SQL
import Testing

@testable import QueryService

/// CREATE TABLE AS and INSERT stream their rows to one lake batch instead of holding the whole result: more rows
/// than the scale sample still make one committed batch, and a failure after rows were written leaves no dataset,
/// batch or file behind.
@Suite(.onDedicatedThreads) struct StreamingWriteTests {
    /// 90,000 rows (300 x 300), more than `QuerySession.scaleSampleRows`.
    static let many =
        "(VALUES " + (0..<300).map { "(\($0))" }.joined(separator: ", ") + ") a(x), (VALUES "
        + (0..<300).map { "(\($0))" }.joined(separator: ", ") + ") b(y)"

    static func files(_ fixture: QueryFixture) -> [String] {
        let root = fixture.directory.path
        let enumerator = FileManager.default.enumerator(atPath: root)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".parquet") { found.append(path) }
        }
        return found
    }

    @Test func createTableAsBeyondTheSampleStreamsIntoOneBatch() async throws {
        let fixture = try QueryFixture()
        #expect(90_000 > QuerySession.scaleSampleRows)
        let created = try await fixture.rows(
            "CREATE TABLE big AS SELECT x * 300 + y AS n, 'r' || y AS s FROM \(Self.many)")
        #expect(created.tag == "SELECT 90000")
        let dataset = try fixture.lake.dataset(sandbox: "prod", idOrName: "big")
        #expect(dataset.rowCount == 90_000 && dataset.batchCount == 1)
        let sums = try await fixture.rows("SELECT count(*), count(DISTINCT n), sum(n) FROM big")
        #expect(sums.rows == [["90000", "90000", "4049955000"]])
        let inserted = try await fixture.rows("INSERT INTO big (n, s) SELECT n + 90000, s FROM big")
        #expect(inserted.tag == "INSERT 0 90000")
        #expect(try fixture.lake.dataset(sandbox: "prod", idOrName: "big").batchCount == 2)
    }

    @Test func aFailureAfterRowsWereWrittenLeavesNothing() async throws {
        let fixture = try QueryFixture()
        let before = Self.files(fixture)
        // Division by zero in the last rows, after the first ones went to the lake.
        #expect(
            await fixture.state(
                "CREATE TABLE broken AS SELECT 1 / (89999 - (x * 300 + y)) AS n FROM \(Self.many) ORDER BY x, y")
                == "22012")
        #expect(await fixture.state("SELECT * FROM broken") == "42P01")
        #expect(try fixture.lake.datasets(sandbox: "prod").items.isEmpty)
        #expect(Self.files(fixture) == before)
        // A scale larger than the sample's is refused, not rounded.
        let scaled =
            "CREATE TABLE scaled AS SELECT CASE WHEN x = 299 THEN 1.125 ELSE 1.5 END AS v FROM \(Self.many) ORDER BY x, y"
        #expect(await fixture.state(scaled) == "0A000")
        #expect(try fixture.lake.datasets(sandbox: "prod").items.isEmpty)
        // An INSERT that fails half-way appends nothing.
        _ = try await fixture.rows("CREATE TABLE t AS SELECT 1 AS n")
        #expect(
            await fixture.state("INSERT INTO t (n) SELECT 1 / (89999 - (x * 300 + y)) FROM \(Self.many) ORDER BY x, y")
                == "22012")
        let t = try fixture.lake.dataset(sandbox: "prod", idOrName: "t")
        #expect(t.rowCount == 1 && t.batchCount == 1)
        #expect(Self.files(fixture).count == before.count + 1)
    }
}
