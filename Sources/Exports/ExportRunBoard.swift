import Synchronization

/// What the export service is doing right now, shared with the REST routes: the live progress of the runs
/// it executes, the flows busy with a run, and a doorbell that wakes the service when a run is queued.
public final class ExportRunBoard: Sendable {
    private struct State {
        var progress: [String: RunProgress] = [:]
        var busyFlows: Set<String> = []
        var rung = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Live counters of a run being executed in this process, or nil.
    public func progress(runId: String) -> RunProgress? {
        state.withLock { $0.progress[runId] }
    }

    /// Flows with a run executing now.
    var busyFlows: Set<String> { state.withLock { $0.busyFlows } }

    func started(_ run: ExportRun) {
        state.withLock {
            $0.busyFlows.insert(run.flowId)
            $0.progress[run.id] = RunProgress()
        }
    }

    func report(runId: String, _ progress: RunProgress) {
        state.withLock { $0.progress[runId] = progress }
    }

    /// The run's attempt ended; rings unless `ring` is false.
    func finished(_ run: ExportRun, ring: Bool = true) {
        state.withLock {
            $0.busyFlows.remove(run.flowId)
            $0.progress[run.id] = nil
        }
        if ring { self.ring() }
    }

    /// Wakes every waiter (a run was queued or one finished); a ring with nobody waiting is kept for the next wait.
    public func ring() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.waiters.isEmpty else {
                state.rung = true
                return []
            }
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns at the next ring (at once if one is pending) or when the task is cancelled. Any number of tasks
    /// may wait at once; a ring wakes them all.
    func waitForRing() async {
        let id = state.withLock { state -> Int in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.rung || Task.isCancelled {
                        state.rung = false
                        return true
                    }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state in state.waiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }
}
