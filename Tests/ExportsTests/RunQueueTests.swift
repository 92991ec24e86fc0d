import Lake
import Testing

@testable import Exports

@Suite struct RunQueueTests {
    static func run(_ id: String, flow: String, slot: Int64, status: RunStatus = .queued, retryAt: Int64? = nil)
        -> ExportRun
    {
        var run = ExportRun(id: id, flowId: flow, scheduledTime: slot, status: status)
        run.retryAt = retryAt
        return run
    }

    @Test func startsOneRunPerFlowOldestSlotFirstUpToTheCapacity() {
        let runs = [
            Self.run("a2", flow: "a", slot: 20), Self.run("a1", flow: "a", slot: 10),
            Self.run("b1", flow: "b", slot: 15),
            Self.run("c1", flow: "c", slot: 30),
        ]
        #expect(RunQueue.startable(runs, busyFlows: [], capacity: 2, now: 0).map(\.id) == ["a1", "b1"])
        #expect(RunQueue.startable(runs, busyFlows: ["a"], capacity: 5, now: 0).map(\.id) == ["b1", "c1"])
        #expect(RunQueue.startable(runs, busyFlows: [], capacity: 0, now: 0).isEmpty)
    }

    @Test func skipsRunningRunsAndRetriesWhoseBackoffHasNotPassed() {
        let runs = [
            Self.run("r", flow: "a", slot: 1, status: .running), Self.run("w", flow: "b", slot: 1, retryAt: 5_000),
            Self.run("done", flow: "c", slot: 1, status: .success),
        ]
        #expect(RunQueue.startable(runs, busyFlows: [], capacity: 5, now: 4_999).isEmpty)
        #expect(RunQueue.startable(runs, busyFlows: [], capacity: 5, now: 5_000).map(\.id) == ["w"])
    }

    @Test func wakesAtTheEarlierOfTheNextSlotAndTheNextRetry() {
        let schedule = ScheduleParams(exportMode: .firstFullThenIncremental, timeUnit: .hour, interval: 3, startTime: 0)
        var flow = Flow(id: "f", name: "f", sourceConnectionId: "s", targetConnectionId: "t", scheduleParams: schedule)
        let now: Int64 = 3_600_000
        #expect(RunQueue.nextWake(flows: [flow], runs: [], now: now) == 10_800_000)
        let retry = Self.run("w", flow: "f", slot: 0, retryAt: now + 60_000)
        #expect(RunQueue.nextWake(flows: [flow], runs: [retry], now: now) == now + 60_000)
        flow.enabled = false
        #expect(RunQueue.nextWake(flows: [flow], runs: [], now: now) == nil)
    }

    @Test func nextSlotFollowsTheScheduleAndStopsAtItsEnd() {
        var schedule = ScheduleParams(
            exportMode: .firstFullThenIncremental, timeUnit: .hour, interval: 3, startTime: 10_000, endTime: 30_000)
        #expect(ExportScheduler.nextSlot(of: schedule, after: 0) == 10_000)
        #expect(ExportScheduler.nextSlot(of: schedule, after: 10_000) == 20_800)
        #expect(ExportScheduler.nextSlot(of: schedule, after: 25_000) == nil)
        schedule = ScheduleParams(exportMode: .dailyFullExport, timeUnit: .day, interval: 0, startTime: 500)
        #expect(ExportScheduler.nextSlot(of: schedule, after: 499) == 500)
        #expect(ExportScheduler.nextSlot(of: schedule, after: 500) == nil)
    }

    @Test func aBackfillSelectionKeepsOnlyItsBatches() {
        let files = (1...4).map {
            LakeFileStub.file(sequence: Int64($0))
        }
        let plan = ExportPlanner.plan(
            mode: .dailyFullExport, datasetId: "d", committed: files, watermark: 0, selection: ["d": [2, 3]])
        #expect(plan.files.map(\.sequence) == [2, 3] && plan.fromSequence == 2 && plan.toSequence == 3)
        let other = ExportPlanner.plan(
            mode: .dailyFullExport, datasetId: "d", committed: files, watermark: 0, selection: ["x": [1]])
        #expect(other.isEmpty)
    }
}
