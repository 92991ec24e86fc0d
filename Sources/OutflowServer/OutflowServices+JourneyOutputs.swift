public import Exports
public import Journey
public import Lake
import Logging
public import ServiceLifecycle
import Storage

extension OutflowServices {
    /// Replay runs, privacy deletions (`SQLiteStitchingStore`) and full-table report exports over `journey`, on SQL
    /// sessions from `querySession(sandbox:)`.
    public func journeyOutputs(journey: JourneyService) throws(LakeError) -> JourneyOutputs {
        let services = self
        let makeSession: ReportEngine.SessionMaker = { sandbox in services.querySession(sandbox: sandbox) }
        let stitching = StitchingService(
            store: try SQLiteStitchingStore(lake: lake), journey: journey.store, lake: lake, makeSession: makeSession,
            logger: logger)
        return JourneyOutputs(
            stitching: stitching, reports: ReportExporter(journey: journey, makeSession: makeSession))
    }

    /// The scheduled replays as work of the export service's loop (every `replayIntervalSeconds` when configured,
    /// else each connection's frequency).
    public func stitchingScheduler(_ stitching: StitchingService) -> any ScheduledWork {
        StitchingWork(
            scheduler: StitchingScheduler(
                service: stitching, lake: lake,
                interval: configuration.replayIntervalSeconds.map { Int64($0) * 1_000 }))
    }
}

/// `StitchingScheduler` as `Exports`' `ScheduledWork` (Journey does not import Exports).
struct StitchingWork: ScheduledWork {
    let scheduler: StitchingScheduler

    func pass(now: Int64) async -> Int64? {
        await scheduler.pass(now: now)
    }
}

/// Runs queued replay runs one at a time (a ServiceLifecycle `Service` in the server's group). Graceful shutdown
/// cancels the running one: it ends `failed` and leaves no stitched dataset.
public struct StitchingRunService: Service {
    let stitching: StitchingService

    public init(_ stitching: StitchingService) {
        self.stitching = stitching
    }

    public func run() async throws {
        let stitching = self.stitching
        await cancelWhenGracefulShutdown {
            for await id in stitching.queue {
                if Task.isCancelled { break }
                do {
                    try await stitching.execute(id)
                } catch {
                    Logger(label: "outflow.journey.stitching").error("replay run \(id) could not run: \(error)")
                }
            }
        }
    }
}
