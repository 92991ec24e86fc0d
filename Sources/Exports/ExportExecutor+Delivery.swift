import Destinations
import Logging

extension ExportExecutor {
    /// Runs `operation` until it succeeds, retrying retryable destination errors with exponential backoff up
    /// to `configuration.retry.maxAttempts` attempts. Each attempt must leave nothing visible when it fails.
    func withRetries<T>(
        delivering path: String, _ operation: () async throws(ExportsError) -> T
    ) async throws(ExportsError) -> T {
        var attempt = 1
        while true {
            do {
                return try await operation()
            } catch {
                logger.warning("delivery of \(path) failed (attempt \(attempt)): \(error.message)")
                guard error.code == .destination, error.retryable, attempt < configuration.retry.maxAttempts else {
                    guard error.code == .destination else { throw error }
                    throw ExportsError(
                        .destination, "delivering \(path) failed after \(attempt) attempt(s): \(error.message)",
                        retryable: error.retryable)
                }
                do {
                    try await sleep(configuration.retry.delay(afterAttempt: attempt))
                } catch {
                    throw ExportsError(.destination, "delivery of \(path) cancelled")
                }
                attempt += 1
            }
        }
    }

    /// Writes `bytes` as one object at `path` (streaming writer, atomic commit), with retries.
    func deliver(bytes: [UInt8], to path: String) async throws(ExportsError) -> PutResult {
        try await withRetries(delivering: path) { () async throws(ExportsError) -> PutResult in
            let writer = try await openWriter(path)
            do throws(ExportsError) {
                try await Self.destinationCall(path) { () async throws(DestinationError) in
                    try await writer.write(bytes)
                }
                return try await commit(writer)
            } catch {
                await writer.abort()
                throw error
            }
        }
    }

    /// Opens a destination writer, mapping its error.
    func openWriter(_ path: String) async throws(ExportsError) -> any DestinationWriter {
        try await Self.destinationCall(path) { () async throws(DestinationError) in
            try await destination.openWriter(path: path)
        }
    }

    /// Commits a destination writer, mapping its error (the writer is dropped when the commit fails).
    func commit(_ writer: any DestinationWriter) async throws(ExportsError) -> PutResult {
        try await Self.destinationCall(writer.path) { () async throws(DestinationError) in try await writer.commit() }
    }

    /// Runs a destination call and maps its error to an `ExportsError` that keeps `isRetryable`.
    static func destinationCall<T>(
        _ path: String, _ call: () async throws(DestinationError) -> T
    ) async throws(ExportsError) -> T {
        do {
            return try await call()
        } catch {
            throw ExportsError(
                .destination, "\(path): \(error.message)", retryable: error.isRetryable, underlying: error)
        }
    }
}
