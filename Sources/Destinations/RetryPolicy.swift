/// Outflow's one backoff policy: how many attempts, and how long to wait after each failed one (exponential,
/// `base * 2^(attempt-1)` capped at `maxDelay`, with optional "equal jitter"). The export runner retries runs with
/// it, the executor retries part deliveries with it, and `HTTPRetryPolicy` adds which HTTP outcomes are worth
/// retrying on top of it. Pure: the random jitter fraction is a parameter.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in total, the first one included.
    public var maxAttempts: Int
    /// The delay before the second attempt, before jitter.
    public var baseDelay: Duration
    /// The cap of any single delay.
    public var maxDelay: Duration

    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(30)) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait after failed attempt `attempt` (1-based): base * 2^(attempt-1), capped at `maxDelay`.
    public func delay(afterAttempt attempt: Int) -> Duration {
        delay(afterAttempt: attempt, jitter: 1)
    }

    /// "Equal jitter" backoff: the capped exponential delay, half of it fixed and half scaled by `jitter` (a
    /// fraction in `0...1`), so retries spread out but never collapse to zero; `jitter` 1 is the plain delay.
    public func delay(afterAttempt attempt: Int, jitter: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let capped = min(baseDelay * (1 << exponent), maxDelay)
        let fraction = min(max(jitter, 0), 1)
        return capped / 2 + (capped / 2) * fraction
    }
}
