import Columnar
import Foundation
import Testing

@testable import SQL

/// Morsel-parallel execution (`threads`): workers share a scan's partitions, partial aggregates merge, and the
/// statement's memory, cancellation, timeout and errors hold across workers.
@Suite struct ParallelExecutionTests {
    static func engine(threads: Int, options: SQLEngine.Options = SQLEngine.Options()) -> SQLEngine {
        var engine = SQLEngine(options: options)
        engine.settings.threads = threads
        return engine
    }

    static func sortedRows(_ result: QueryResult) -> [String] {
        result.textRows.map { $0.map { $0 ?? "NULL" }.joined(separator: "|") }.sorted()
    }

    @Test func bothWorkersPullMorselsAtTheSameTime() async throws {
        // Every partition waits in its first pull until two partitions are being pulled: one worker alone would
        // wait out the deadline and fail.
        let rendezvous = Rendezvous()
        let table = try ParallelTestTables.table("t", rows: 8 * 2048, groups: 100) { _ in
            .meet(rendezvous, count: 2)
        }
        let result = try await Self.engine(threads: 2).execute(
            "SELECT count(*), sum(id) FROM t", catalog: InMemoryCatalog([table]))
        #expect(result.textRows == [["16384", String(16383 * 16384 / 2)]])
        let morsels = result.statistics.morselsPerWorker
        #expect(morsels.count == 2 && morsels.allSatisfy { $0 > 0 } && morsels.reduce(0, +) == 8)
    }

    @Test func oneThreadRunsTheSerialPlan() async throws {
        let catalog = InMemoryCatalog([try SpillTestData.table("t", rows: 4096, groups: 10)])
        let sql = "EXPLAIN SELECT g, count(*), min(s) FROM t WHERE id > 5 GROUP BY g"
        let serial = try await Self.engine(threads: 1).execute(sql, catalog: catalog)
        let parallel = try await Self.engine(threads: 2).execute(sql, catalog: catalog)
        let serialText = serial.textRows.compactMap { $0.first ?? nil }
        let parallelText = parallel.textRows.compactMap { $0.first ?? nil }
        #expect(!serialText.joined().contains("Gather"))
        #expect(parallelText.contains { $0.hasSuffix("-> Gather (workers: 2, partial aggregates)") })
        #expect(parallelText.filter { !$0.contains("Gather") }.count == serialText.count)
        let run = try await Self.engine(threads: 1).execute(
            "SELECT g, count(*) FROM t GROUP BY g", catalog: catalog)
        #expect(run.statistics.morselsPerWorker.isEmpty)
    }

    @Test func explainShowsWhichAggregatesGatherTheirInput() async throws {
        let catalog = InMemoryCatalog([try SpillTestData.table("t", rows: 10, groups: 3)])
        func plan(_ sql: String) async throws -> String {
            let result = try await Self.engine(threads: 2).execute("EXPLAIN " + sql, catalog: catalog)
            return result.textRows.compactMap { $0.first ?? nil }.joined(separator: "\n")
        }
        #expect(try await plan("SELECT count(DISTINCT s) FROM t GROUP BY g").contains("Gather (workers: 2)\n"))
        // Input order decides these: they stay serial.
        #expect(!(try await plan("SELECT string_agg(s, ',') FROM t")).contains("Gather"))
        #expect(!(try await plan("SELECT s FROM t ORDER BY s LIMIT 3")).contains("Gather"))
        #expect(!(try await plan("SELECT row_number() OVER (ORDER BY g) FROM t")).contains("Gather"))
        #expect(try await plan("SELECT DISTINCT g FROM t").contains("Gather (workers: 2)"))
    }

    @Test func explainAnalyzeShowsEachWorkersRows() async throws {
        let catalog = InMemoryCatalog([try SpillTestData.table("t", rows: 6 * 2048, groups: 10)])
        let result = try await Self.engine(threads: 2).execute(
            "EXPLAIN ANALYZE SELECT g, count(*) FROM t GROUP BY g", catalog: catalog)
        let lines = result.textRows.compactMap { $0.first ?? nil }
        #expect(lines.contains { $0.contains("-> Gather (workers: 2, partial aggregates) (actual rows=") })
        #expect(lines.filter { $0.contains("-> Partial HashAggregate") }.count == 2)
        // One partial aggregate and one scan per worker; the scans' rows add up to the table's.
        let scans = lines.filter { $0.contains("-> Scan t") }
        #expect(scans.count == 2)
        let rows = scans.compactMap { line -> Int? in
            guard let range = line.range(of: "actual rows=") else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }
        #expect(rows.reduce(0, +) == 6 * 2048)
    }

    @Test func spillingPartialAndFinalAggregatesMatchTheSerialResult() async throws {
        let catalog = InMemoryCatalog([try SpillTestData.table("t", rows: 30_000, groups: 9_000)])
        let sql = "SELECT g, count(*), sum(id), min(s), max(v), count(v) FILTER (WHERE v > 100) FROM t GROUP BY g"
        let unlimited = try await Self.engine(threads: 1).execute(sql, catalog: catalog)
        let options = SQLEngine.Options(memoryLimit: 256 << 10, spillStorage: InMemorySpillStorage())
        let spilled = try await Self.engine(threads: 2, options: options).execute(sql, catalog: catalog)
        #expect(spilled.statistics.spilledRows > 0)
        #expect(spilled.statistics.morselsPerWorker.count == 2)
        #expect(Self.sortedRows(spilled) == Self.sortedRows(unlimited))
        #expect(unlimited.rows.count == 9_001)
    }

    @Test func anErrorInOneWorkerFailsTheStatement() async throws {
        let failure = SQLError(SQLState("58030"), "cannot read partition 5")
        let table = try ParallelTestTables.table("t", rows: 12 * 2048, groups: 100) { index in
            index == 5 ? .fail(failure) : .plain
        }
        let catalog = InMemoryCatalog([table])
        for sql in [
            "SELECT g, count(*) FROM t GROUP BY g", "SELECT count(DISTINCT s) FROM t", "SELECT DISTINCT g FROM t",
        ] {
            await #expect(throws: failure) { _ = try await Self.engine(threads: 2).execute(sql, catalog: catalog) }
        }
        // A row error in a worker's expressions is the statement's error too.
        await #expect(throws: SQLError.self) {
            _ = try await Self.engine(threads: 2).execute(
                "SELECT sum(10 / (id - 20000)) FROM t",
                catalog: InMemoryCatalog([try SpillTestData.table("t", rows: 30_000, groups: 5)]))
        }
    }

    @Test func statementTimeoutStopsEveryWorkerAndFreesTheirSpillRuns() async throws {
        let activity = Activity()
        let table = try ParallelTestTables.table("endless", rows: 4 * 2048, groups: 10) { _ in .endless(activity) }
        let storage = InMemorySpillStorage()
        let options = SQLEngine.Options(
            memoryLimit: 64 << 10, statementTimeout: .milliseconds(300), spillStorage: storage)
        await #expect(throws: SQLError.canceledByTimeout) {
            _ = try await Self.engine(threads: 2, options: options).execute(
                "SELECT id, count(*) FROM endless GROUP BY id", catalog: InMemoryCatalog([table]))
        }
        #expect(activity.active == 0)
        let pulls = activity.pulls
        #expect(pulls > 0)
        for _ in 0..<20 { await Task.yield() }
        #expect(activity.pulls == pulls)
        #expect(await storage.liveRunCount == 0)
    }

    @Test func cancellationStopsEveryWorkerAndReleasesTheirMemory() async throws {
        let activity = Activity()
        let table = try ParallelTestTables.table("endless", rows: 4 * 2048, groups: 10) { _ in .endless(activity) }
        let storage = InMemorySpillStorage()
        let options = SQLEngine.Options(memoryLimit: 64 << 10, spillStorage: storage)
        let plan = try SQLEngine().plan(
            "SELECT id, count(*) FROM endless GROUP BY id", catalog: InMemoryCatalog([table]))
        let task = Task { () -> (reserved: Int, runs: Int, error: SQLError?) in
            let context = ExecutionContext(options)
            context.threads = 2
            do {
                _ = try await SQLEngine.run(plan.pushingIntoScans(), context: context)
                return (context.reserved, context.liveRuns.count, nil)
            } catch {
                return (context.reserved, context.liveRuns.count, error as? SQLError)
            }
        }
        let deadline = ContinuousClock.now + .seconds(120)
        while await storage.liveRunCount == 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(await storage.liveRunCount > 0)
        task.cancel()
        let outcome = await task.value
        #expect(outcome.error == SQLError.canceledByUser)
        #expect(outcome.reserved == 0 && outcome.runs == 0)
        #expect(activity.active == 0)
        #expect(await storage.liveRunCount == 0)
    }

    @Test func setThreadsValidatesItsValue() throws {
        var engine = SQLEngine()
        #expect(try engine.apply(SQLParser.parseStatement("SET threads = 1")))
        #expect(engine.threads == 1)
        #expect(try engine.apply(SQLParser.parseStatement("SET threads TO '3'")))
        #expect(engine.threads == 3)
        for bad in ["SET threads = 0", "SET threads = 65", "SET threads = 'many'", "SET threads = 1.5"] {
            #expect(throws: SQLError.self) { _ = try engine.apply(SQLParser.parseStatement(bad)) }
        }
        #expect(engine.threads == 3)
        #expect(try engine.apply(SQLParser.parseStatement("RESET threads")))
        #expect(engine.threads == engine.options.threads)
        #expect(SessionSettings.defaultThreads >= 1)
    }
}
