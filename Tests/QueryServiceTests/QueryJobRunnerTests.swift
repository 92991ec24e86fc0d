import Foundation
import Lake
import QueryService
import Storage
import Testing

/// The runner on a real lake and catalog database, driven by its `Service`.
@Suite struct QueryJobRunnerTests {
    func job(_ sql: String, ctas: String? = nil) -> QueryJob {
        QueryJob(
            id: UUID().uuidString, sandbox: "prod", request: .init(dbName: "prod", sql: sql),
            effectiveSQL: ctas.map { QueryParameters.createTableAs(sql, datasetName: $0) } ?? sql, isCTAS: ctas != nil,
            created: 0)
    }

    func withService(
        _ fixture: QueryFixture, resultRows: Int = 100, _ body: (QueryJobRunner) async throws -> Void
    ) async throws {
        let (lake, store) = (fixture.lake, fixture.store)
        let runner = QueryJobRunner(
            store: store, lake: lake, configuration: .init(maxConcurrentQueries: 2, resultRows: resultRows),
            makeSession: { QuerySession(lake: lake, sandbox: $0, store: store) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await QueryJobService(runner: runner).run() }
            try await body(runner)
            group.cancelAll()
        }
    }

    func wait(_ store: SQLiteQueryStore, _ id: String, until done: (QueryJob) -> Bool) async throws -> QueryJob {
        for _ in 0..<6_000 {
            if let job = try await store.job(id: id), done(job) { return job }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("query \(id) did not reach the expected state")
        return try #require(try await store.job(id: id))
    }

    @Test func selectSucceedsWithRowCountAndPreview() async throws {
        let fixture = try QueryFixture()
        try await withService(fixture, resultRows: 2) { runner in
            let submitted = job("SELECT * FROM (VALUES (1), (2), (3)) AS t(n)")
            try await runner.submit(submitted)
            let ended = try await wait(fixture.store, submitted.id) { $0.state.isFinal }
            #expect(ended.state == .success)
            #expect(ended.rowCount == 3)
            #expect(ended.preview?.rows == [#"{"n":1}"#, #"{"n":2}"#])
            #expect(ended.preview?.truncated == true)
        }
    }

    @Test func failureKeepsSQLStateAndPosition() async throws {
        let fixture = try QueryFixture()
        try await withService(fixture) { runner in
            let submitted = job("SELECT nope FROM missing_table")
            try await runner.submit(submitted)
            let ended = try await wait(fixture.store, submitted.id) { $0.state.isFinal }
            #expect(ended.state == .failed)
            #expect(ended.errors.first?.code == "42P01")
            #expect(ended.errors.first?.position != nil)
        }
    }

    @Test func cancellingARunningCTASStopsItAndLeavesNoDataset() async throws {
        let fixture = try QueryFixture()
        try fixture.ingested("t", batches: [(0..<1_000).map { (Int64($0), "x") }])
        try await withService(fixture) { runner in
            let submitted = job("SELECT count(*) AS n FROM t a, t b, t c", ctas: "never")
            try await runner.submit(submitted)
            _ = try await wait(fixture.store, submitted.id) { $0.state == .inProgress }
            guard case .accepted = try await runner.cancel(id: submitted.id) else {
                Issue.record("cancel was not accepted")
                return
            }
            let ended = try await wait(fixture.store, submitted.id) { $0.state.isFinal }
            #expect(ended.state == .cancelled)
            #expect(ended.errors.first?.code == "57014")
            #expect(throws: LakeError.self) { try fixture.lake.dataset(sandbox: "prod", idOrName: "never") }
            guard case .alreadyFinished = try await runner.cancel(id: submitted.id) else {
                Issue.record("a second cancel should find the query finished")
                return
            }
        }
    }

    @Test func ctasRecordsLineageWithTheQuery() async throws {
        let fixture = try QueryFixture()
        try await withService(fixture) { runner in
            let submitted = job("SELECT 1 AS one", ctas: "derived")
            try await runner.submit(submitted)
            let ended = try await wait(fixture.store, submitted.id) { $0.state.isFinal }
            #expect(ended.state == .success)
            let dataset = try fixture.lake.dataset(sandbox: "prod", idOrName: "derived")
            #expect(ended.referencedDatasets == [dataset.id])
            let lineage = try await fixture.store.lineage(sandbox: "prod").first { $0.datasetId == dataset.id }
            #expect(lineage?.queryId == submitted.id)
            #expect(lineage?.createdBy == "API")
        }
    }

    @Test func restartFailsUnfinishedQueries() async throws {
        let fixture = try QueryFixture()
        var running = job("SELECT 1")
        running.move(to: .inProgress, at: 10)
        try await fixture.store.saveJob(running)
        try await fixture.store.saveJob(job("SELECT 2"))
        let runner = QueryJobRunner(
            store: fixture.store, lake: fixture.lake,
            makeSession: { [lake = fixture.lake, store = fixture.store] in
                QuerySession(lake: lake, sandbox: $0, store: store)
            })
        let failed = try await runner.recoverInterrupted()
        #expect(failed.count == 2)
        let after = try #require(try await fixture.store.job(id: running.id))
        #expect(after.state == .failed)
        #expect(after.errors.first?.code == "57P01")
    }

    @Test func aSchedulePassWaitsWhileARunIsUnfinished() async throws {
        let fixture = try QueryFixture()
        let schedule = QuerySchedule(
            id: "s2", sandbox: "prod", query: .init(dbName: "prod", sql: "SELECT 1 AS one"), datasetName: nil,
            cron: "* * * * *", startDate: 0, endDate: nil, created: 0)
        try await fixture.store.saveSchedule(schedule)
        let runner = QueryJobRunner(
            store: fixture.store, lake: fixture.lake,
            makeSession: { [lake = fixture.lake, store = fixture.store] in
                QuerySession(lake: lake, sandbox: $0, store: store)
            })
        let triggered = try await runner.scheduledJob(schedule, slot: nil, externalTrigger: true, now: 10)
        try await fixture.store.saveJob(triggered)
        let wake = await QueryScheduler(runner: runner).pass(now: 600_000)
        #expect(wake == 660_000)
        #expect(try await fixture.store.jobs(scheduleId: "s2").count == 1)
        _ = try await fixture.store.updateJob(id: triggered.id) { $0.move(to: .cancelled, at: 20) }
        _ = await QueryScheduler(runner: runner).pass(now: 600_000)
        let runs = try await fixture.store.jobs(scheduleId: "s2")
        #expect(runs.count == 2)
        #expect(runs.contains { $0.slot == 600_000 && !$0.externalTrigger })
    }

    @Test func aScheduleSlotIsClaimedOnce() async throws {
        let fixture = try QueryFixture()
        let schedule = QuerySchedule(
            id: "s1", sandbox: "prod", query: .init(dbName: "prod", sql: "SELECT 1 AS one"), datasetName: "hourly",
            cron: "0 * * * *", startDate: 0, endDate: nil, created: 0)
        try await fixture.store.saveSchedule(schedule)
        let runner = QueryJobRunner(
            store: fixture.store, lake: fixture.lake,
            makeSession: { [lake = fixture.lake, store = fixture.store] in
                QuerySession(lake: lake, sandbox: $0, store: store)
            })
        let first = try await runner.scheduledJob(schedule, slot: 3_600_000, externalTrigger: false, now: 3_600_000)
        #expect(first.isCTAS)
        #expect(first.effectiveSQL == "CREATE TABLE \"hourly\" AS SELECT 1 AS one")
        #expect(try await fixture.store.claimSlot(first))
        let again = try await runner.scheduledJob(schedule, slot: 3_600_000, externalTrigger: false, now: 3_600_001)
        #expect(try await !fixture.store.claimSlot(again))
        #expect(try await fixture.store.schedule(id: "s1")?.lastSlot == 3_600_000)
        #expect(try await fixture.store.jobs(scheduleId: "s1").count == 1)
    }
}
