import Lake
import Testing

@testable import Exports

@Suite struct PlannerAndSchedulerTests {
    let files = (1...4).map {
        LakeFile(path: "/l/\($0).parquet", batchId: "b\($0)", sequence: Int64($0), rowCount: 10, sizeBytes: 100)
    }

    @Test func incrementalPlansTakeBatchesAboveTheWatermark() {
        let plan = ExportPlanner.plan(mode: .firstFullThenIncremental, datasetId: "d", committed: files, watermark: 2)
        #expect(plan.files.map(\.sequence) == [3, 4] && plan.fromSequence == 3 && plan.toSequence == 4)
        let first = ExportPlanner.plan(mode: .firstFullThenIncremental, datasetId: "d", committed: files, watermark: 0)
        #expect(first.files.count == 4)
        let none = ExportPlanner.plan(mode: .firstFullThenIncremental, datasetId: "d", committed: files, watermark: 4)
        #expect(none.isEmpty && none.fromSequence == 4 && none.toSequence == 4)
    }

    @Test func fullPlansIgnoreTheWatermark() {
        let plan = ExportPlanner.plan(mode: .dailyFullExport, datasetId: "d", committed: files, watermark: 3)
        #expect(plan.files.count == 4 && plan.fromSequence == 1 && plan.toSequence == 4)
    }

    func flow(_ schedule: ScheduleParams, id: String = "f", enabled: Bool = true) -> Flow {
        Flow(
            id: id, name: id, sourceConnectionId: "s", targetConnectionId: "t", scheduleParams: schedule,
            enabled: enabled)
    }

    let every3h = ScheduleParams(exportMode: .firstFullThenIncremental, timeUnit: .hour, interval: 3, startTime: 10_000)

    @Test(
        arguments: [(9_999, nil), (10_000, 10_000), (20_799, 10_000), (20_800, 20_800), (50_000, 42_400)]
            as [(Int64, Int64?)])
    func theLatestSlotFollowsTheInterval(now: Int64, slot: Int64?) {
        #expect(ExportScheduler.latestSlot(of: every3h, at: now) == slot)
    }

    @Test func slotsStopAtTheEndTime() {
        var schedule = every3h
        schedule.endTime = 25_000
        #expect(ExportScheduler.latestSlot(of: schedule, at: 1_000_000) == 20_800)
    }

    @Test func aOneTimeExportHasOneSlotAtItsStart() {
        let once = ScheduleParams(exportMode: .dailyFullExport, timeUnit: .day, interval: 0, startTime: 5_000)
        #expect(ExportScheduler.latestSlot(of: once, at: 4_999) == nil)
        #expect(ExportScheduler.latestSlot(of: once, at: 999_999) == 5_000)
        let done = ExportRun(id: "r", flowId: "f", scheduledTime: 5_000, status: .success)
        #expect(ExportScheduler.dueSlots(flows: [flow(once)], now: 999_999, history: [done]).isEmpty)
    }

    /// The CLI's flows: a window that closes before it opens has no slot, recurring or one-time, ever.
    @Test func anOnDemandFlowIsNeverScheduled() {
        let daily = ScheduleParams(
            exportMode: .firstFullThenIncremental, timeUnit: .day, interval: 1, startTime: 5_000, endTime: 4_999)
        var once = daily
        once.exportMode = .dailyFullExport
        once.interval = 0
        for schedule in [daily, once] {
            #expect(schedule.isOnDemand)
            #expect(ExportScheduler.latestSlot(of: schedule, at: 5_000) == nil)
            #expect(ExportScheduler.nextSlot(of: schedule, after: 0) == nil)
            #expect(ExportScheduler.dueSlots(flows: [flow(schedule)], now: 999_999, history: []).isEmpty)
        }
        #expect(!every3h.isOnDemand)
    }

    @Test func aSlotIsNeverStartedTwiceEvenAfterAFailure() {
        let failed = ExportRun(id: "r", flowId: "f", scheduledTime: 10_000, status: .failed)
        #expect(ExportScheduler.dueSlots(flows: [flow(every3h)], now: 12_000, history: [failed]).isEmpty)
        #expect(
            ExportScheduler.dueSlots(flows: [flow(every3h)], now: 12_000, history: []) == [
                DueSlot(flowId: "f", scheduledTime: 10_000)
            ])
        #expect(
            ExportScheduler.dueSlots(flows: [flow(every3h)], now: 21_000, history: [failed]) == [
                DueSlot(flowId: "f", scheduledTime: 20_800)
            ])
    }

    @Test func aFlowWithAnUnfinishedRunGetsNoNewOne() {
        let running = ExportRun(id: "r", flowId: "f", scheduledTime: 10_000, status: .running)
        #expect(ExportScheduler.dueSlots(flows: [flow(every3h)], now: 50_000, history: [running]).isEmpty)
    }

    @Test func disabledFlowsAreSkippedAndDecisionsRepeatFromHistory() {
        let flows = [flow(every3h, id: "a"), flow(every3h, id: "b", enabled: false)]
        let first = ExportScheduler.dueSlots(flows: flows, now: 30_000, history: [])
        #expect(first == [DueSlot(flowId: "a", scheduledTime: 20_800)])
        // After a restart the persisted history yields the same decision: nothing new for that slot.
        let history = first.map {
            ExportRun(id: "x", flowId: $0.flowId, scheduledTime: $0.scheduledTime, status: .success)
        }
        #expect(ExportScheduler.dueSlots(flows: flows, now: 30_000, history: history).isEmpty)
    }
}
