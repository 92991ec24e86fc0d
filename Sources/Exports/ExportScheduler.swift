/// A run the scheduler wants started: one flow, one slot.
public struct DueSlot: Sendable, Hashable {
    public var flowId: String
    /// The slot time (epoch seconds); it becomes the run's `scheduledTime`.
    public var scheduledTime: Int64

    public init(flowId: String, scheduledTime: Int64) {
        self.flowId = flowId
        self.scheduledTime = scheduledTime
    }
}

/// Scheduling decisions (pure, no I/O, no clock of its own): which slots are due given the flows, the time
/// and the persisted run history. Because every decision comes from the history, a restarted process makes
/// the same ones: a slot that already has a run is never started again, and a flow with an unfinished run
/// gets no new one. Missed slots are not replayed one by one: only the latest due slot runs (an incremental
/// export catches up on everything since its watermark anyway). Ad-hoc and backfill runs never stand in for a
/// slot.
public enum ExportScheduler {
    /// The latest slot at or before `now` within `startTime...endTime`, or nil when none has come yet (or ever
    /// will: an on-demand flow has no slots).
    public static func latestSlot(of schedule: ScheduleParams, at now: Int64) -> Int64? {
        guard now >= schedule.startTime, !schedule.isOnDemand else { return nil }
        if schedule.isOneTime { return schedule.startTime }
        let step = Int64(schedule.interval) * schedule.timeUnit.seconds
        guard step > 0 else { return nil }
        let horizon = min(now, schedule.endTime ?? now)
        guard horizon >= schedule.startTime else { return nil }
        return schedule.startTime + (horizon - schedule.startTime) / step * step
    }

    /// The first slot strictly after `now` within `startTime...endTime`, or nil when none is left.
    public static func nextSlot(of schedule: ScheduleParams, after now: Int64) -> Int64? {
        if schedule.isOnDemand { return nil }
        if schedule.isOneTime { return schedule.startTime > now ? schedule.startTime : nil }
        let step = Int64(schedule.interval) * schedule.timeUnit.seconds
        guard step > 0 else { return nil }
        let next = now < schedule.startTime ? schedule.startTime : (latestSlot(of: schedule, at: now) ?? now) + step
        if let end = schedule.endTime, next > end { return nil }
        return next
    }

    /// The slots to start now, one per flow at most, from the persisted run history.
    public static func dueSlots(flows: [Flow], now: Int64, history: [ExportRun]) -> [DueSlot] {
        dueSlots(flows: flows, now: now, states: FlowSlotState.states(of: history))
    }

    /// The slots to start now, one per flow at most, from each flow's `FlowSlotState` (a flow missing from
    /// `states` has no runs): none for a flow with an unfinished run or whose latest slot already has a
    /// scheduled run.
    public static func dueSlots(flows: [Flow], now: Int64, states: [String: FlowSlotState]) -> [DueSlot] {
        var due: [DueSlot] = []
        for flow in flows where flow.enabled {
            guard let slot = latestSlot(of: flow.scheduleParams, at: now) else { continue }
            let state = states[flow.id] ?? FlowSlotState()
            if state.hasUnfinishedRun { continue }
            if let claimed = state.latestScheduledSlot, claimed >= slot { continue }
            due.append(DueSlot(flowId: flow.id, scheduledTime: slot))
        }
        return due.sorted { ($0.scheduledTime, $0.flowId) < ($1.scheduledTime, $1.flowId) }
    }
}
