import ArgumentParser
import Journey

extension CLIFailure {
    /// The exit code for a journey error: 4 not found, 3 invalid or conflicting input, 1 otherwise.
    static func exitCode(for error: JourneyError) -> ExitCode {
        switch error.code {
        case .notFound: notFound
        case .invalid, .conflict: rejected
        case .queryFailed, .cancelled, .io: .failure
        }
    }

    /// Runs a journey call, printing its error to stderr and exiting with its code.
    static func mapping<T>(_ body: () async throws(JourneyError) -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            printError("error: \(error)")
            throw exitCode(for: error)
        }
    }
}
