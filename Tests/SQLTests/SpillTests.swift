import Columnar
import Foundation
import Testing

@testable import QueryService
@testable import SQL

#if canImport(Glibc)
    import Glibc
#endif

/// Operators over far more data than the memory limit spill and give the in-memory results; what cannot spill
/// fails with 53200; cancelled and timed-out statements end with 57014 and leave no spill runs or reservations.
@Suite struct SpillTests {
    static let events = Result { try SpillTestData.table("t", rows: 100_000, groups: 20_000) }
    static let small = Result { try SpillTestData.table("u", rows: 20_000, groups: 2_000) }
    static let other = Result { try SpillTestData.table("w", rows: 10_000, groups: 2_000, offset: 5_000) }

    static func catalog() throws -> InMemoryCatalog {
        InMemoryCatalog([try events.get(), try small.get(), try other.get()])
    }

    static func sortedRows(_ result: QueryResult) -> [String] {
        result.textRows.map { row in row.map { $0 ?? "<NULL>" }.joined(separator: "\u{1}") }.sorted()
    }

    /// Runs `sql` unlimited and with `limit` bytes over an in-memory spill storage; returns the limited statistics.
    @discardableResult
    static func compare(_ sql: String, limit: Int, ordered: Bool = false) async throws -> ExecutionStatistics {
        let catalog = try catalog()
        let expected = try await SQLEngine().execute(sql, catalog: catalog)
        let storage = InMemorySpillStorage()
        let engine = SQLEngine(options: .init(memoryLimit: limit, spillStorage: storage))
        let actual = try await engine.execute(sql, catalog: catalog)
        if ordered {
            #expect(actual.textRows == expected.textRows, "\(sql)")
        } else {
            #expect(sortedRows(actual) == sortedRows(expected), "\(sql)")
        }
        #expect(actual.rows.count == expected.rows.count)
        #expect(await storage.liveRunCount == 0)
        #expect(actual.statistics.peakReservedBytes <= limit)
        return actual.statistics
    }

    @Test func hashAggregateOverManyGroupsSpillsAndMatches() async throws {
        let stats = try await Self.compare(
            """
            SELECT g, count(*), sum(id), avg(v), min(s), max(s), count(DISTINCT s), sum(DISTINCT v), bool_or(v > 100),
                   string_agg(s, ',')
            FROM t GROUP BY g
            """, limit: 64 << 10)
        #expect(stats.spilledRows > 0 && stats.spillRuns > 1)
    }

    @Test func growingDistinctStatesAreMovedOutWholeAndResumed() async throws {
        // Four groups of 25,000 distinct ids: one group's state fits the limit, four do not.
        let stats = try await Self.compare(
            "SELECT g % 4, count(DISTINCT id), string_agg(s, '') FROM t GROUP BY 1", limit: 3 << 20)
        #expect(stats.spilledRows > 0)
    }

    @Test(arguments: ["JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN"])
    func graceHashJoinWithBuildSide50TimesTheLimitMatches(_ join: String) async throws {
        // w (10,000 rows, about 50x the limit) is the build side; NULL keys on both sides; a residual condition.
        let stats = try await Self.compare(
            "SELECT u.id, u.s, w.id, w.v FROM u \(join) w ON u.g = w.g AND u.id < w.id + 9000", limit: 48 << 10)
        #expect(stats.spillRuns > 0)
    }

    @Test func externalSortOf100TimesTheLimitIsStableAndMatches() async throws {
        let stats = try await Self.compare(
            "SELECT id, g, s FROM u ORDER BY g DESC NULLS FIRST, s", limit: 40 << 10, ordered: true)
        #expect(stats.spillRuns > ExternalSortOperator.fanIn)
        try await Self.compare("SELECT s, v FROM u ORDER BY v NULLS FIRST, s DESC", limit: 40 << 10, ordered: true)
    }

    @Test(arguments: [
        "SELECT DISTINCT g, s FROM u", "SELECT g, s FROM u UNION SELECT g, s FROM w",
        "SELECT g FROM u UNION ALL SELECT g FROM w", "SELECT g, s FROM u INTERSECT SELECT g, s FROM w",
        "SELECT g, s FROM u INTERSECT ALL SELECT g, s FROM w", "SELECT s FROM u EXCEPT SELECT s FROM w",
        "SELECT g, s FROM u EXCEPT ALL SELECT g, s FROM w", "SELECT s FROM w EXCEPT ALL SELECT s FROM u",
    ])
    func distinctAndSetOperationsSpillAndMatch(_ sql: String) async throws {
        try await Self.compare(sql, limit: 16 << 10)
    }

    @Test func topNKeepsOnlyItsRowsAndNeverSpills() async throws {
        let stats = try await Self.compare(
            "SELECT id, s FROM t ORDER BY s DESC, g NULLS FIRST LIMIT 10 OFFSET 5", limit: 16 << 10, ordered: true)
        #expect(stats.spillRuns == 0)
    }

    static func expectState(_ state: SQLState, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected SQLSTATE \(state)")
        } catch let error as SQLError {
            #expect(error.state == state, "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func whatCannotSpillFailsWith53200() async throws {
        let catalog = try Self.catalog()
        let storage = InMemorySpillStorage()
        let spilling = SQLEngine(options: .init(memoryLimit: 16 << 10, spillStorage: storage))
        let noStorage = SQLEngine(options: .init(memoryLimit: 16 << 10))
        await Self.expectState(.outOfMemory) {
            _ = try await noStorage.execute("SELECT g FROM t GROUP BY g", catalog: catalog)
        }
        await Self.expectState(.outOfMemory) {
            _ = try await noStorage.execute("SELECT * FROM u ORDER BY s", catalog: catalog)
        }
        // One group's DISTINCT values, without and with GROUP BY.
        await Self.expectState(.outOfMemory) {
            _ = try await spilling.execute("SELECT count(DISTINCT id) FROM t", catalog: catalog)
        }
        await Self.expectState(.outOfMemory) {
            _ = try await spilling.execute(
                "SELECT k, count(DISTINCT id) FROM (SELECT 1 AS k, id FROM t) x GROUP BY k", catalog: catalog)
        }
        // A nested loop join cannot split its build side.
        await Self.expectState(.outOfMemory) {
            _ = try await spilling.execute("SELECT count(*) FROM u JOIN w ON u.id < w.id", catalog: catalog)
        }
        #expect(await storage.liveRunCount == 0)
    }

    static func scratchDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("outflow-spill-\(UUID().uuidString)/tmp/sql").path
    }

    @Test func fileSpillStorageSpillsToPrivateFilesAndLeavesTheFolderEmpty() async throws {
        let directory = Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let storage = try await FileSpillStorage(directory: directory)
        let run = try await storage.createRun()
        let attributes = try FileManager.default.attributesOfItem(atPath: storage.path(run))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        try await storage.append([1, 2, 3], to: run)
        try await storage.append([], to: run)
        let first = try #require(try await storage.read(run, at: 0))
        #expect(first.bytes == [1, 2, 3])
        #expect(try await storage.read(run, at: first.next)?.bytes == [])
        try await storage.delete(run)

        let catalog = try Self.catalog()
        let engine = SQLEngine(options: .init(memoryLimit: 32 << 10, spillStorage: storage))
        let sql = "SELECT g, count(DISTINCT s), max(v) FROM t GROUP BY g"
        let actual = try await engine.execute(sql, catalog: catalog)
        let expected = try await SQLEngine().execute(sql, catalog: catalog)
        #expect(Self.sortedRows(actual) == Self.sortedRows(expected))
        #expect(actual.statistics.spilledBytes > 0)
        #expect(try FileSpillStorage.entries(of: directory).isEmpty)

        // Failing and cancelled statements leave nothing either.
        await Self.expectState(.outOfMemory) {
            _ = try await engine.execute("SELECT count(*) FROM u JOIN w ON u.id < w.id", catalog: catalog)
        }
        let endless = InMemoryCatalog([EndlessTable(name: "endless")])
        let task = Task { try await engine.execute("SELECT id, count(*) FROM endless GROUP BY id", catalog: endless) }
        let deadline = ContinuousClock.now + .seconds(300)
        while try FileSpillStorage.entries(of: directory).isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        task.cancel()
        await Self.expectState(.queryCanceled) { _ = try await task.value }
        #expect(try FileSpillStorage.entries(of: directory).isEmpty)
    }

    @Test func fileSpillStorageRemovesStaleRunsAtStartup() async throws {
        let directory = Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try await FileSpillStorage(directory: directory)
        // A crashed process's run goes; a live process's run (this test's parent here) and other files stay.
        let live = "\(ProcessInfo.processInfo.processIdentifier == 1 ? 1 : getppid())-1.spill"
        #expect(FileManager.default.createFile(atPath: directory + "/999999999-1.spill", contents: Data([1])))
        #expect(FileManager.default.createFile(atPath: directory + "/" + live, contents: Data([1])))
        #expect(FileManager.default.createFile(atPath: directory + "/keep.txt", contents: Data([1])))
        _ = try await FileSpillStorage(directory: directory)
        #expect(try FileSpillStorage.entries(of: directory).sorted() == [live, "keep.txt"].sorted())
    }
}

/// Cancellation and the statement timeout over an endless scan, one at a time (they wait for the query to spill,
/// which heavy tests running beside them on two cores can delay).
@Suite(.serialized) struct SpillCancellationTests {
    /// Starts `sql` over the endless table and returns its task once it has spilled.
    static func startSpilling(_ engine: SQLEngine, _ storage: InMemorySpillStorage, _ sql: String) async throws
        -> Task<QueryResult, any Error>
    {
        let catalog = InMemoryCatalog([EndlessTable(name: "endless")])
        let task = Task { try await engine.execute(sql, catalog: catalog) }
        let deadline = ContinuousClock.now + .seconds(300)
        while await storage.liveRunCount == 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(await storage.liveRunCount > 0)
        return task
    }

    @Test func cancelledQueryDeletesItsRunsAndReleasesItsMemory() async throws {
        let storage = InMemorySpillStorage()
        let options = SQLEngine.Options(memoryLimit: 16 << 10, spillStorage: storage)
        let plan = try SQLEngine().plan(
            "SELECT id, count(*) FROM endless GROUP BY id", catalog: InMemoryCatalog([EndlessTable(name: "endless")]))
        let task = Task { () -> (reserved: Int, runs: Int, error: SQLError?) in
            let context = ExecutionContext(options)
            do {
                _ = try await SQLEngine.run(plan, context: context)
                return (context.reserved, context.liveRuns.count, nil)
            } catch {
                return (context.reserved, context.liveRuns.count, error as? SQLError)
            }
        }
        let deadline = ContinuousClock.now + .seconds(300)
        while await storage.liveRunCount == 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(await storage.liveRunCount > 0)
        task.cancel()
        let outcome = await task.value
        #expect(outcome.error == SQLError(.queryCanceled, "canceling statement due to user request"))
        #expect(outcome.reserved == 0 && outcome.runs == 0)
        #expect(await storage.liveRunCount == 0)
    }

    @Test func userCancellationThroughExecuteIs57014() async throws {
        let storage = InMemorySpillStorage()
        let engine = SQLEngine(options: .init(memoryLimit: 16 << 10, spillStorage: storage))
        let task = try await Self.startSpilling(engine, storage, "SELECT DISTINCT id, s FROM endless")
        task.cancel()
        await SpillTests.expectState(.queryCanceled) { _ = try await task.value }
        #expect(await storage.liveRunCount == 0)
    }

    @Test func statementTimeoutCancelsWith57014AndDeletesRuns() async throws {
        let storage = InMemorySpillStorage()
        let engine = SQLEngine(
            options: .init(memoryLimit: 16 << 10, statementTimeout: .milliseconds(300), spillStorage: storage))
        let catalog = InMemoryCatalog([EndlessTable(name: "endless")])
        do {
            _ = try await engine.execute("SELECT id, count(*) FROM endless GROUP BY id", catalog: catalog)
            Issue.record("the statement should time out")
        } catch let error as SQLError {
            #expect(error == SQLError(.queryCanceled, "canceling statement due to statement timeout"))
        }
        #expect(await storage.liveRunCount == 0)
        // A statement that ends in time is unaffected.
        let quick = try await engine.execute("SELECT 1", catalog: catalog)
        #expect(quick.textRows == [["1"]])
    }
}
