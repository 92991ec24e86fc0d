/// What the scheduler needs to know about one flow's runs: the latest slot a scheduled run claimed and
/// whether a run of the flow is still unfinished (queued or running). `CatalogExportStore.slotStates(flowIds:)`
/// reads it with two index lookups per flow, however long the run history is.
public struct FlowSlotState: Sendable, Hashable {
    /// The highest `scheduledTime` of the flow's scheduled runs (any status), nil when none ran yet.
    public var latestScheduledSlot: Int64?
    /// True while some run of the flow (any kind) is queued or running.
    public var hasUnfinishedRun: Bool

    public init(latestScheduledSlot: Int64? = nil, hasUnfinishedRun: Bool = false) {
        self.latestScheduledSlot = latestScheduledSlot
        self.hasUnfinishedRun = hasUnfinishedRun
    }

    /// The state of each flow in `history` (runs of any flows, any order).
    public static func states(of history: [ExportRun]) -> [String: FlowSlotState] {
        var states: [String: FlowSlotState] = [:]
        for run in history {
            var state = states[run.flowId] ?? FlowSlotState()
            if !run.status.isFinal { state.hasUnfinishedRun = true }
            if run.kind == .scheduled {
                state.latestScheduledSlot = max(state.latestScheduledSlot ?? run.scheduledTime, run.scheduledTime)
            }
            states[run.flowId] = state
        }
        return states
    }
}
