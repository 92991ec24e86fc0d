/// Which queued runs start now, and when to look again (pure, no I/O, no clock of its own). Times are epoch
/// milliseconds. A flow never has two runs at once; different flows run in parallel up to a capacity.
public enum RunQueue {
    /// The queued runs to start now, oldest slot first: one per flow, none of a flow in `busyFlows`, none whose
    /// `retryAt` is still ahead, at most `capacity`.
    public static func startable(_ runs: [ExportRun], busyFlows: Set<String>, capacity: Int, now: Int64)
        -> [ExportRun]
    {
        var busy = busyFlows
        var picked: [ExportRun] = []
        let queued = runs.filter { $0.status == .queued }
            .sorted { ($0.scheduledTime, $0.createdAt, $0.id) < ($1.scheduledTime, $1.createdAt, $1.id) }
        for run in queued where picked.count < capacity && !busy.contains(run.flowId) {
            if let retryAt = run.retryAt, retryAt > now { continue }
            busy.insert(run.flowId)
            picked.append(run)
        }
        return picked
    }

    /// The earliest future moment a slot of an enabled flow falls due or a queued retry may start; nil when
    /// nothing is ahead.
    public static func nextWake(flows: [Flow], runs: [ExportRun], now: Int64) -> Int64? {
        let seconds = now / 1_000
        let slots = flows.filter(\.enabled).compactMap {
            ExportScheduler.nextSlot(of: $0.scheduleParams, after: seconds)
        }
        .map { $0 * 1_000 }
        let retries = runs.filter { $0.status == .queued }.compactMap(\.retryAt).filter { $0 > now }
        return (slots + retries).min()
    }
}
