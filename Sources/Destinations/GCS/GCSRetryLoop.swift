/// Repeats one HTTP exchange on transient failures (connection errors, `408`, `429`, `5xx`) with exponential
/// backoff and jitter, up to the configured attempts. Non-idempotent calls pass `retrying: false`.
enum GCSRetryLoop {
    /// Statuses a busy or throttling server answers.
    static let retryableStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]

    static func run(
        _ configuration: GCSConfiguration, retrying: Bool,
        _ attempt: () async throws(DestinationError) -> GCSResponse
    ) async throws(DestinationError) -> GCSResponse {
        var number = 1
        while true {
            do throws(DestinationError) {
                let response = try await attempt()
                guard retrying, retryableStatuses.contains(response.status), number < configuration.maxAttempts
                else { return response }
            } catch {
                guard retrying, error.isRetryable, number < configuration.maxAttempts else { throw error }
            }
            try await pause(configuration.delay(afterAttempt: number))
            number += 1
        }
    }

    /// Waits before a retry; a cancelled task stops retrying.
    static func pause(_ delay: Duration) async throws(DestinationError) {
        do {
            try await Task.sleep(for: delay)
        } catch {
            throw DestinationError(.transient, "the upload was cancelled while waiting to retry")
        }
    }
}
