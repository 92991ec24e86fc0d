public import Lake
import Logging
import NIOPosix

/// CJA's scheduled replay: every stitched connection replays at its `replayFrequency` (daily or weekly), at
/// slots counted from the connection's creation (`createdAt + k × interval`, k ≥ 1). Each pass claims the latest
/// due slot of every connection (one run per (connection, slot), in one store transaction; missed slots collapse
/// into one) unless the connection has a run not yet ended, queues it, and returns when the next slot is due.
/// The server's one scheduler loop (the export service's) drives `pass(now:)`; the composition root adapts it, so
/// this target does not import `Exports`.
public struct StitchingScheduler: Sendable {
    let service: StitchingService
    let lake: Lake
    /// Replaces the frequency's interval (milliseconds) when set: for tests and deployments that replay often.
    let interval: Int64?

    public init(service: StitchingService, lake: Lake, interval: Int64? = nil) {
        self.service = service
        self.lake = lake
        self.interval = interval
    }

    /// The interval of `frequency` in milliseconds.
    func interval(_ frequency: StitchingSettings.ReplayFrequency) -> Int64 {
        if let interval, interval > 0 { return interval }
        switch frequency {
        case .daily: return 86_400_000
        case .weekly: return 7 * 86_400_000
        }
    }

    /// The latest slot at or before `now` (nil before the first) and the next one after `now`.
    static func slots(anchor: Int64, interval: Int64, now: Int64) -> (due: Int64?, next: Int64) {
        let elapsed = now - anchor
        guard elapsed >= interval else { return (nil, anchor + interval) }
        let passed = elapsed / interval
        return (anchor + passed * interval, anchor + (passed + 1) * interval)
    }

    /// Starts the due replays at `now` (epoch milliseconds); returns when the next slot is due.
    public func pass(now: Int64) async -> Int64? {
        var wake: Int64?
        let lake = self.lake
        let sandboxes: [String]
        do {
            sandboxes = try await service.writer.pool.runIfActive { try lake.sandboxes().map(\.name) }
        } catch {
            service.logger.error("stitching schedule pass failed: \(error)")
            return nil
        }
        for sandbox in sandboxes {
            let connections: [JourneyConnection]
            do {
                connections = try await service.journey.connections(sandbox: sandbox)
            } catch {
                service.logger.error("stitching schedule pass failed for sandbox \(sandbox): \(error)")
                continue
            }
            for connection in connections {
                guard let stitching = connection.stitching else { continue }
                let (due, next) = Self.slots(
                    anchor: connection.createdAt, interval: interval(stitching.replayFrequency), now: now)
                wake = min(wake ?? next, next)
                guard let due else { continue }
                let run = StitchingRun(
                    id: JourneyService.makeId("sr_"), connectionId: connection.id, sandbox: sandbox,
                    trigger: .scheduled, slot: due, createdAt: now)
                do {
                    if try await service.store.claimScheduledRun(run) { service.enqueue(run.id) }
                } catch {
                    service.logger.error("scheduled replay of \(connection.id) could not start: \(error)")
                }
            }
        }
        return wake
    }
}
