import ArgumentParser
import Exports
import Foundation

/// Executes a flow's run in this process for `export run` and `export retry`: resumes a run a killed
/// process left behind (it was `running`: an interrupted attempt goes into its history) or a failed one,
/// under the same id (same folder and part names, nothing duplicated), and keeps executing a run the runner
/// re-queued after a retryable failure until it succeeds or the attempts run out.
struct ExportRunDriver {
    let context: ExportContext

    /// The run to continue for a flow: its latest run unless that one succeeded.
    func unfinishedLatest(of flowId: String) async throws -> ExportRun? {
        guard let latest = try await context.runs(of: flowId).last, latest.status != .success else { return nil }
        return latest
    }

    /// Puts `run` back in the queue. A `running` run belongs to a process that died (the caller holds the
    /// flow lock): that attempt is recorded as interrupted.
    func resume(_ run: ExportRun) async throws -> ExportRun {
        var run = run
        if run.status == .running {
            let now = Int64(Date().timeIntervalSince1970 * 1_000)
            run.errors = [ExportsError(.conflict, "interrupted: the process running it stopped", retryable: true)]
            run.completedAt = now
            run.history.append(
                RunAttempt(attempt: run.attempts, startedAt: run.startedAt, completedAt: now, errors: run.errors))
        }
        let reason = run.errors.first?.message ?? run.status.rawValue
        CLIFailure.printError("retrying run \(run.id) (attempt \(run.attempts + 1)): \(reason)")
        run.status = .queued
        run.retryAt = nil
        let queued = run
        let store = context.store
        try await CLIFailure.awaiting { () async throws(ExportsError) in try await store.save(queued) }
        return queued
    }

    /// Executes the queued run `id`, then again after each retryable failure the runner re-queued, waiting
    /// until its `retryAt`; returns the run in its final state (or queued when interrupted).
    func drive(runId id: String, totalRows: Int64?) async throws -> ExportRun {
        let runner = context.runner
        while true {
            let bar = totalRows.map { _ in ProgressBar(label: "export") }
            let run = try await CLIFailure.awaiting { () async throws(ExportsError) in
                try await runner.execute(runId: id) { progress in
                    if let bar, let totalRows { bar.update(done: progress.rows, total: totalRows, unit: "rows") }
                }
            }
            bar?.finish()
            guard run.status == .queued, let retryAt = run.retryAt else { return run }
            let wait = max(0, retryAt - Int64(Date().timeIntervalSince1970 * 1_000))
            let reason = run.errors.first?.message ?? "failed"
            CLIFailure.printError("attempt \(run.attempts) of run \(id) failed: \(reason); retrying in \(wait) ms")
            try await Task.sleep(for: .milliseconds(wait))
        }
    }
}
