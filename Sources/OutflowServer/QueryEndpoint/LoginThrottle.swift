import Synchronization

/// Slows down password guessing on the PostgreSQL endpoint: each failed login from an address within the window
/// doubles the pause before its connection is closed (100 ms, 200 ms, ... up to `maxDelay`). A success does not
/// reset it; the failures age out of the window. Pure apart from the clock it is given.
final class LoginThrottle: Sendable {
    struct Policy: Sendable {
        var window: Duration = .seconds(60)
        var baseDelay: Duration = .milliseconds(100)
        var maxDelay: Duration = .seconds(5)
        /// Addresses tracked at once; beyond, the oldest entries are dropped.
        var maxAddresses = 10_000
    }

    let policy: Policy
    private let failures = Mutex<[String: [ContinuousClock.Instant]]>([:])

    init(policy: Policy = Policy()) { self.policy = policy }

    /// Records a failure from `address` at `now` and returns how long to pause before closing its connection.
    func failed(address: String, at now: ContinuousClock.Instant) -> Duration {
        let policy = self.policy
        let count = failures.withLock { table -> Int in
            var recent = (table[address] ?? []).filter { now - $0 < policy.window }
            recent.append(now)
            table[address] = recent
            if table.count > policy.maxAddresses {
                for key in table.keys where table[key]?.last.map({ now - $0 >= policy.window }) ?? true {
                    table[key] = nil
                }
            }
            return recent.count
        }
        let doublings = min(count - 1, 16)
        let delay = policy.baseDelay * (1 << doublings)
        return min(delay, policy.maxDelay)
    }
}
