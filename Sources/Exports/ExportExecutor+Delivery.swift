import Destinations
import Foundation

extension ExportExecutor {
    /// Puts a local file, retrying transient destination errors with exponential backoff.
    func deliver(localFile: String, to path: String) async throws(ExportsError) -> PutResult {
        var attempt = 1
        while true {
            do {
                return try await destination.put(path: path, from: localFile)
            } catch {
                let retryable = error.isRetryable && attempt < configuration.retry.maxAttempts
                logger.warning("delivery of \(path) failed (attempt \(attempt)): \(error)")
                guard retryable else {
                    throw ExportsError(
                        .destination, "delivering \(path) failed after \(attempt) attempt(s): \(error.message)",
                        retryable: error.isRetryable)
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

    /// Lowercase hex SHA-256 of a local file, read in 1 MiB chunks.
    static func sha256(ofFile path: String) throws(ExportsError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ExportsError(.encoding, "cannot reopen temporary file \(path)")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 20)
            } catch {
                throw ExportsError(.encoding, "cannot read temporary file \(path): \(error)")
            }
            guard let chunk, !chunk.isEmpty else { break }
            chunk.withUnsafeBytes { hasher.update($0) }
        }
        return hasher.finalizeHex()
    }
}
