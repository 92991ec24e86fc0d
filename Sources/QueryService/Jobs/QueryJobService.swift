public import ServiceLifecycle

/// The supervised runner of the Query Service API's queries (a ServiceLifecycle `Service` in the server's
/// `ServiceGroup`): takes queued queries in order and runs each as a child task, at most
/// `maxConcurrentQueries` at once, never on an event loop. Graceful shutdown cancels the running ones; they end
/// `FAILED` (57P01), never half-written: a CTAS that did not finish leaves no dataset.
public struct QueryJobService: Service {
    let runner: QueryJobRunner

    public init(runner: QueryJobRunner) {
        self.runner = runner
    }

    public func run() async throws {
        let runner = self.runner
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                var active = 0
                for await id in runner.queue {
                    if active >= runner.configuration.maxConcurrentQueries {
                        await group.next()
                        active -= 1
                    }
                    group.addTask { await runner.runQueued(id) }
                    active += 1
                }
                group.cancelAll()
            }
        }
    }
}
