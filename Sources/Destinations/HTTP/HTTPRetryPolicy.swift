/// When and how long to wait before retrying an HTTP request: exponential backoff with jitter on connection
/// failures and on the statuses a busy or throttling server answers (`429`, `500`, `502`, `503` incl. S3's
/// `SlowDown`, `504`). Pure: the random jitter fraction is a parameter, so every decision is testable.
public struct HTTPRetryPolicy: Sendable, Hashable {
    /// Attempts and delays: Outflow's one backoff policy.
    public var backoff: RetryPolicy
    /// Statuses worth retrying.
    public var retryableStatuses: Set<Int>

    /// Attempts in total, the first one included (1 = never retry).
    public var maxAttempts: Int { backoff.maxAttempts }

    /// Creates a policy; `maxAttempts` is at least 1.
    public init(
        maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(10),
        retryableStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]
    ) {
        backoff = RetryPolicy(maxAttempts: max(1, maxAttempts), baseDelay: baseDelay, maxDelay: maxDelay)
        self.retryableStatuses = retryableStatuses
    }

    /// Never retries.
    public static let none = HTTPRetryPolicy(maxAttempts: 1)

    /// What to do after an attempt.
    public enum Decision: Sendable, Hashable {
        /// Try again after this delay.
        case retry(after: Duration)
        /// Give up and report the outcome as it is.
        case stop
    }

    /// The outcome of one attempt as the policy sees it.
    public enum Outcome: Sendable, Hashable {
        /// The server answered with this status (and `Retry-After` seconds, if it sent one).
        case status(Int, retryAfterSeconds: Int?)
        /// The request failed below HTTP; `retryable` says whether the failure is transient (resets, timeouts,
        /// refused connections) rather than permanent (bad URL, TLS certificate rejected).
        case transportFailure(retryable: Bool)
    }

    /// Whether `status` is retried.
    public func isRetryable(status: Int) -> Bool { retryableStatuses.contains(status) }

    /// The decision after attempt number `attempt` (1-based) ended with `outcome`; `jitter` is a random
    /// fraction in `0..<1`.
    public func decision(afterAttempt attempt: Int, outcome: Outcome, jitter: Double) -> Decision {
        guard attempt < maxAttempts else { return .stop }
        switch outcome {
        case .status(let status, let retryAfter):
            guard isRetryable(status: status) else { return .stop }
            if let retryAfter, retryAfter >= 0 {
                return .retry(after: min(.seconds(retryAfter), backoff.maxDelay))
            }
            return .retry(after: delay(afterAttempt: attempt, jitter: jitter))
        case .transportFailure(let retryable):
            return retryable ? .retry(after: delay(afterAttempt: attempt, jitter: jitter)) : .stop
        }
    }

    /// The backoff's jittered delay after attempt `attempt` (see `RetryPolicy.delay(afterAttempt:jitter:)`).
    public func delay(afterAttempt attempt: Int, jitter: Double) -> Duration {
        backoff.delay(afterAttempt: attempt, jitter: jitter)
    }
}
