import Destinations
import Foundation
import Lake
import Storage
import Synchronization
import Testing

@testable import Exports

/// Queueing, run-level retries with backoff, permanent failures, restarts and backfills.
@Suite struct ExportRunLifecycleTests {
    static let start = ExportRunnerTests.start
    static let now: Int64 = (start + 20_000) * 1_000

    func runner(
        _ fixture: ExportFixture, _ store: SQLiteExportStore, outage: OutageDestination? = nil,
        runRetry: RetryPolicy = RetryPolicy(maxAttempts: 3, baseDelay: .seconds(10), maxDelay: .seconds(60))
    ) -> ExportRunner {
        ExportRunner(
            lake: fixture.lake, store: store,
            configuration: .init(
                retry: RetryPolicy(maxAttempts: 1), temporaryDirectory: fixture.root,
                localFolders: fixture.localFolders),
            runRetry: runRetry, sleep: { _ in }, now: { Self.now },
            wrap: { base in outage.map { $0 as any Destination } ?? base })
    }

    func outage(_ fixture: ExportFixture) throws -> OutageDestination {
        OutageDestination(try LocalFolderDestination(root: fixture.output, id: "local"))
    }

    @Test func aSecondUnfinishedRunOfAFlowIsRefusedWithConflict() async throws {
        let fixture = try ExportFixture()
        let store = try await ExportRunnerTests().setUp(fixture)
        let runner = runner(fixture, store)
        let queued = try await runner.enqueue(flowId: "flow", kind: .adHoc)
        #expect(queued.status == .queued && queued.kind == .adHoc && queued.createdAt == Self.now)
        await #expect(throws: ExportsError.self) { _ = try await runner.enqueue(flowId: "flow", kind: .adHoc) }
        #expect(try await runner.enqueueDue(now: Self.start + 10).isEmpty)
        #expect(try await store.runs(flowId: "flow").count == 1)
    }

    @Test func aDisabledFlowIsNeverScheduledAndRefusesAdHocRuns() async throws {
        let fixture = try ExportFixture()
        let store = try await ExportRunnerTests().setUp(fixture)
        let runner = runner(fixture, store)
        let disabled = try await store.setFlowEnabled(id: "flow", false)
        #expect(!disabled.enabled && disabled.version == 2)
        #expect(try await runner.enqueueDue(now: Self.start + 10).isEmpty)
        do {
            _ = try await runner.enqueue(flowId: "flow", kind: .adHoc)
            Issue.record("a disabled flow accepted an ad-hoc run")
        } catch {
            #expect(error.code == .conflict && error.field == "state")
        }
        _ = try await store.setFlowEnabled(id: "flow", true)
        #expect(try await runner.enqueueDue(now: Self.start + 10).count == 1)
    }

    @Test func aRetryableFailureIsRequeuedWithBackoffAndItsRetryDeliversOnce() async throws {
        let fixture = try ExportFixture()
        let store = try await ExportRunnerTests().setUp(fixture, fileType: .json)
        let expected = try fixture.ingest(80) + fixture.ingest(40)
        let outage = try outage(fixture)
        let runner = runner(fixture, store, outage: outage)
        outage.down = true
        let run = try await runner.enqueue(flowId: "flow", kind: .adHoc)
        let first = try await runner.execute(runId: run.id)
        #expect(first.status == .queued && first.attempts == 1)
        #expect(first.retryAt == Self.now + 10_000)
        #expect(first.history.map(\.attempt) == [1] && first.history.first?.errors.first?.code == .destination)
        outage.down = false
        let second = try await runner.execute(runId: run.id)
        #expect(second.id == run.id && second.status == .success && second.attempts == 2)
        #expect(try await ExportRunnerTests().allExportedValues(fixture) == expected)
        #expect(try await store.runs(flowId: "flow").map(\.id) == [run.id])
    }

    @Test func retriesStopAfterTheAttemptBudgetWithAClearError() async throws {
        let fixture = try ExportFixture()
        let store = try await ExportRunnerTests().setUp(fixture)
        try fixture.ingest(10)
        let outage = try outage(fixture)
        outage.down = true
        let runner = runner(
            fixture, store, outage: outage, runRetry: RetryPolicy(maxAttempts: 2, baseDelay: .seconds(1)))
        let run = try await runner.enqueue(flowId: "flow", kind: .adHoc)
        #expect(try await runner.execute(runId: run.id).status == .queued)
        let last = try await runner.execute(runId: run.id)
        #expect(last.status == .failed && last.attempts == 2 && last.history.count == 2)
        #expect(last.errors.contains { $0.message == "gave up after 2 attempts" })
    }

    @Test func aPermanentErrorFailsTheRunAtOnce() async throws {
        let fixture = try ExportFixture()
        let store = try await ExportRunnerTests().setUp(fixture)
        try fixture.ingest(10)
        let runner = runner(fixture, store)
        let run = try await runner.enqueue(flowId: "flow", kind: .adHoc)
        try fixture.lake.deleteDataset(sandbox: "prod", id: fixture.datasetId)
        let ended = try await runner.execute(runId: run.id)
        #expect(ended.status == .failed && ended.attempts == 1 && ended.retryAt == nil)
        #expect(ended.errors.first?.code == .lake && ended.errors.first?.retryable == false)
    }

    @Test func aRestartedRunnerNeitherMissesNorDoublesASlot() async throws {
        let fixture = try ExportFixture()
        var store = try await ExportRunnerTests().setUp(fixture)
        let expected = try fixture.ingest(60)
        let slotTime = Self.start + 3 * 3_600
        // First life: the slot is claimed and the process dies while the run is executing.
        let claimed = try await runner(fixture, store).enqueueDue(now: slotTime + 5)
        #expect(claimed.map(\.scheduledTime) == [slotTime])
        var dying = try #require(try await store.run(id: claimed[0].id))
        dying.status = .running
        dying.attempts = 1
        try await store.save(dying)
        // Second life, on a fresh store over the same catalog.
        store = try SQLiteExportStore(lake: fixture.lake)
        let runner = runner(fixture, store)
        let requeued = try await runner.requeueInterrupted(try await runner.recoverInterruptedRuns())
        #expect(requeued.map(\.id) == [dying.id])
        #expect(try await runner.enqueueDue(now: slotTime + 10).isEmpty)
        let finished = try await runner.execute(runId: dying.id)
        #expect(finished.status == .success && finished.attempts == 2 && finished.history.count == 1)
        #expect(try await runner.enqueueDue(now: slotTime + 20).isEmpty)
        #expect(try await store.runs(flowId: "flow").map(\.scheduledTime) == [slotTime])
        #expect(try await ExportRunnerTests().allExportedValues(fixture) == expected)
        #expect(try await runner.enqueueDue(now: slotTime + 3 * 3_600).map(\.scheduledTime) == [slotTime + 3 * 3_600])
    }

    @Test func aBackfillExportsItsWindowWithoutMovingTheWatermark() async throws {
        let fixture = try ExportFixture()
        let store = try await ExportRunnerTests().setUp(fixture, fileType: .json)
        let expected = try fixture.ingest(30) + fixture.ingest(20)
        let runner = runner(fixture, store)
        let nowSeconds = Int64(Date().timeIntervalSince1970)
        let empty = try await runner.enqueue(
            flowId: "flow", kind: .backfill, backfill: BackfillWindow(startTime: 0, endTime: 1_000))
        let none = try await runner.execute(runId: empty.id)
        #expect(none.status == .success && none.metrics.recordSummary.outputRecordCount == 0)
        await #expect(throws: ExportsError.invalid("backfill.endTime", "endTime must be after startTime")) {
            _ = try await runner.enqueue(flowId: "flow", kind: .backfill, backfill: .init(startTime: 9, endTime: 9))
        }
        let window = BackfillWindow(startTime: nowSeconds - 600, endTime: nowSeconds + 600)
        let queued = try await runner.enqueue(flowId: "flow", kind: .backfill, scheduledTime: 1, backfill: window)
        let backfill = try await runner.execute(runId: queued.id)
        #expect(backfill.status == .success && backfill.metrics.recordSummary.outputRecordCount == 50)
        #expect(try await store.watermark(flowId: "flow", datasetId: fixture.datasetId) == 0)
        #expect(try await store.ledger(flowId: "flow").isEmpty)
        let scheduled = try await runner.runDue(now: Self.start + 10)
        #expect(scheduled.first?.metrics.recordSummary.outputRecordCount == 50)
        #expect(try await ExportRunnerTests().allExportedValues(fixture) == (expected + expected).sorted())
    }
}
