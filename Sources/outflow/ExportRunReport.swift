import Exports
import Foundation

/// The summary `outflow export run` and `retry` print: run id, status, attempts, files, rows, bytes and the
/// absolute folders and manifests (JSON with `--json`).
struct ExportRunReport: Encodable {
    struct Failure: Encodable {
        var code: String
        var message: String
        var field: String?
        var retryable: Bool
    }

    /// An earlier attempt that failed or was interrupted.
    struct Attempt: Encodable {
        var attempt: Int
        var errors: [Failure]
    }

    var runId: String
    var flowId: String
    var flowName: String
    var status: String
    var attempts: Int
    var files: Int
    var rows: Int64
    var bytes: Int64
    /// Absolute folders holding the files.
    var folders: [String]
    /// Absolute manifest paths.
    var manifests: [String]
    /// Absolute data file paths.
    var filePaths: [String]
    var fromSequence: Int64?
    var toSequence: Int64?
    var errors: [Failure]
    /// Earlier attempts, oldest first.
    var history: [Attempt]

    init(run: ExportRun, flow: Flow, root: String?) {
        func absolute(_ path: String) -> String { root.map { $0 + "/" + path } ?? path }
        runId = run.id
        flowId = flow.id
        flowName = flow.name
        status = run.status.rawValue
        attempts = run.attempts
        files = run.metrics.fileSummary.outputFileCount
        rows = run.metrics.recordSummary.outputRecordCount
        bytes = run.metrics.sizeSummary.outputBytes
        folders = run.outputs.map { absolute($0.folder) }
        manifests = run.outputs.compactMap { $0.manifestPath.map(absolute) }
        filePaths = run.outputs.flatMap { $0.files.map { absolute($0.path) } }
        fromSequence = run.outputs.map(\.fromSequence).min()
        toSequence = run.outputs.map(\.toSequence).max()
        errors = run.errors.map(Self.failure)
        history = run.history.map { Attempt(attempt: $0.attempt, errors: $0.errors.map(Self.failure)) }
    }

    static func failure(_ error: ExportsError) -> Failure {
        Failure(code: error.code.rawValue, message: error.message, field: error.field, retryable: error.retryable)
    }

    /// Prints the report on stdout and the run's errors on stderr.
    func print(json: Bool) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Swift.print(String(decoding: try encoder.encode(self), as: UTF8.self))
        } else {
            Swift.print("run: \(runId)")
            Swift.print("flow: \(flowId) (\(flowName))")
            Swift.print("status: \(status)")
            Swift.print("attempts: \(attempts)")
            for earlier in history {
                Swift.print("  attempt \(earlier.attempt): " + earlier.errors.map(\.message).joined(separator: "; "))
            }
            Swift.print("files: \(files)")
            Swift.print("rows: \(rows)")
            Swift.print("bytes: \(bytes)")
            if let fromSequence, let toSequence { Swift.print("batches: \(fromSequence)...\(toSequence)") }
            for folder in folders { Swift.print("folder: \(folder)") }
            for manifest in manifests { Swift.print("manifest: \(manifest)") }
        }
        for error in errors {
            CLIFailure.printError("error: \(error.message)" + (error.field.map { " (\($0))" } ?? ""))
        }
    }
}
