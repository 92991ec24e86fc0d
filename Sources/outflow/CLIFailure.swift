import ArgumentParser
import Foundation
import Lake

/// Reports a failure on stderr and turns it into the CLI's exit codes.
enum CLIFailure {
    static let rejected = ExitCode(3)
    static let notFound = ExitCode(4)

    /// The exit code for a lake error: 4 not found, 3 rejected input, 1 otherwise.
    static func exitCode(for error: LakeError) -> ExitCode {
        switch error.code {
        case .notFound: return notFound
        case .invalidSchema, .invalidInput, .ingestionFailed, .alreadyExists, .conflict, .batchNotLoading:
            return rejected
        case .storage, .catalog: return .failure
        }
    }

    /// Runs `body`, printing a lake error to stderr and exiting with its code.
    static func mapping<T>(_ body: () throws(LakeError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            printError("error: \(error)")
            throw exitCode(for: error)
        }
    }

    /// The asynchronous form of `mapping`.
    static func mapping<T>(_ body: () async throws(LakeError) -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            printError("error: \(error)")
            throw exitCode(for: error)
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
