import ArgumentParser
import Exports
import Foundation

/// `outflow export runs <flowId>`: a flow's run history (status, attempts, counts, errors).
struct ExportRunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "Show a flow's runs, oldest first, with status, attempts and errors.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "Flow id.")
    var flowId: String

    @Flag(help: "Print the runs as JSON on stdout (with AEP metrics).")
    var json = false

    struct Row: Encodable {
        var run: ExportRun
        var metrics: RunMetrics
    }

    func run() async throws {
        let context = try ExportContext(common: common)
        _ = try await context.requireFlow(flowId)
        let runs = try await context.runs(of: flowId)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(runs.map { Row(run: $0, metrics: $0.metrics) }), as: UTF8.self))
            return
        }
        if runs.isEmpty { print("no runs") }
        for run in runs {
            let metrics = run.metrics
            print(
                "\(run.id)  \(run.status.rawValue)  \(run.kind.rawValue)  attempts=\(run.attempts)  "
                    + "started=\(ExportContext.time(run.startedAt))  completed=\(ExportContext.time(run.completedAt))  "
                    + "files=\(metrics.fileSummary.outputFileCount)  rows=\(metrics.recordSummary.outputRecordCount)  "
                    + "bytes=\(metrics.sizeSummary.outputBytes)")
            for attempt in run.history {
                let messages = attempt.errors.map(\.message).joined(separator: "; ")
                print("    attempt \(attempt.attempt) failed: \(messages)")
            }
            for error in run.errors {
                print("    error \(error.code.rawValue): \(error.message)" + (error.retryable ? " (retryable)" : ""))
            }
        }
    }
}
