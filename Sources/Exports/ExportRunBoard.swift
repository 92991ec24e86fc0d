import Synchronization

/// What the export service is doing right now, shared with the REST routes: the live progress of the runs
/// it executes, the flows busy with a run, and a doorbell that wakes the service when a run is queued.
public final class ExportRunBoard: Sendable {
    private struct State {
        var progress: [String: RunProgress] = [:]
        var busyFlows: Set<String> = []
        var rung = false
        var waiter: CheckedContinuation<Void, Never>?
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

    /// Wakes the service (a run was queued or one finished); a ring with nobody waiting is kept for the next wait.
    public func ring() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.rung = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns at the next ring (at once if one is pending) or when the task is cancelled.
    func waitForRing() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.rung || Task.isCancelled {
                        state.rung = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}
