import Foundation
import Lake
import Storage
import Testing

@testable import Exports

/// The scheduler's pass reads per flow only its latest scheduled slot and whether a run is unfinished.
@Suite struct SchedulerStateTests {
    static let start = ExportRunnerTests.start
    static let step: Int64 = 3 * 3_600

    /// Stores `count` finished scheduled runs of "flow" on consecutive slots from `start`, plus ad-hoc runs.
    func storeHistory(_ store: SQLiteExportStore, count: Int) async throws {
        for index in 0..<count {
            let slot = Self.start + Int64(index) * Self.step
            try await store.save(
                ExportRun(
                    id: "s\(index)", flowId: "flow", scheduledTime: slot, status: index % 7 == 0 ? .failed : .success))
            try await store.save(
                ExportRun(id: "a\(index)", flowId: "flow", scheduledTime: slot + 1, status: .success, kind: .adHoc))
        }
    }

    @Test func aFlowWithThousandsOfRunsGetsExactlyItsNextDueSlot() async throws {
        let fixture = try ExportFixture()
        let store = try await ExportRunnerTests().setUp(fixture)
        try await storeHistory(store, count: 2_500)
        let last = Self.start + 2_499 * Self.step
        await #expect(
            try store.slotStates(flowIds: ["flow", "none"]) == [
                "flow": FlowSlotState(latestScheduledSlot: last, hasUnfinishedRun: false), "none": FlowSlotState(),
            ])
        let runner = ExportRunnerTests().runner(fixture, store)
        // The latest slot has a run: nothing is due until the next one, which is queued exactly once.
        #expect(try await runner.enqueueDue(now: last + Self.step - 1).isEmpty)
        let queued = try await runner.enqueueDue(now: last + Self.step + 60)
        #expect(queued.map(\.scheduledTime) == [last + Self.step] && queued.map(\.kind) == [.scheduled])
        #expect(try await store.slotStates(flowIds: ["flow"])["flow"]?.hasUnfinishedRun == true)
        #expect(try await runner.enqueueDue(now: last + 5 * Self.step).isEmpty)
    }

    @Test func anUnfinishedAdHocRunAmongThousandsBlocksTheSlotAndAnAdHocRunNeverStandsForOne() async throws {
        let fixture = try ExportFixture()
        let store = try await ExportRunnerTests().setUp(fixture)
        try await storeHistory(store, count: 1_200)
        let last = Self.start + 1_199 * Self.step
        try await store.save(
            ExportRun(id: "busy", flowId: "flow", scheduledTime: last + Self.step - 100, status: .running, kind: .adHoc)
        )
        let runner = ExportRunnerTests().runner(fixture, store)
        #expect(try await runner.enqueueDue(now: last + Self.step + 10).isEmpty)
        var done = try #require(try await store.run(id: "busy"))
        done.status = .success
        try await store.save(done)
        // The ad-hoc run, now finished, does not stand for the slot.
        let queued = try await runner.enqueueDue(now: last + Self.step + 10)
        #expect(queued.map(\.scheduledTime) == [last + Self.step] && queued.first?.kind == .scheduled)
    }
}
