import ArgumentParser
import Foundation
import Lake
import OutflowServer

/// `outflow ingest`: loads files into a dataset as one batch.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest NDJSON, CSV or Parquet files into a dataset as one batch.",
        discussion: """
            The format comes from the file extension: .json/.ndjson/.jsonl (optionally .gz or .zst), .csv, .parquet.
            Exit 0 when the batch succeeded, 3 when it failed validation, 4 when the dataset does not exist.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Dataset name or id.")
    var dataset: String

    @Option(help: "Largest share of invalid records (0-100) tolerated before the batch fails.")
    var maxErrorPercent: Double = 0

    @Option(help: "Client batch key recorded on the batch.")
    var clientBatchKey: String?

    @Argument(help: "Input files.")
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one input file") }
        guard (0...100).contains(maxErrorPercent) else { throw ValidationError("--max-error-percent must be 0...100") }
    }

    func run() async throws {
        let configuration = common.configuration()
        let logger = common.logger(configuration)
        let lake = try common.openLake(configuration, logger: logger)
        let bar = ProgressBar(label: "ingest")
        let batch: Batch
        do {
            batch = try lake.ingest(
                sandbox: common.sandbox, dataset: dataset, files: files, maxErrorPercent: maxErrorPercent,
                clientBatchKey: clientBatchKey
            ) { progress in
                bar.update(done: progress.bytesRead, total: progress.totalBytes, unit: "bytes")
            }
        } catch {
            bar.finish()
            Self.printErrors(error.errors)
            CLIFailure.printError("error: \(error)")
            throw CLIFailure.exitCode(for: error)
        }
        bar.finish()
        print("batch: \(batch.id)")
        print("status: \(batch.status.rawValue)")
        print("rows: \(batch.rowCount)")
        print("failed records: \(batch.failedRecordCount)")
        if let sequence = batch.sequence { print("sequence: \(sequence)") }
        Self.printErrors(batch.errors)
        if batch.status != .success {
            if let summary = batch.errorSummary { CLIFailure.printError("error: \(summary)") }
            throw CLIFailure.rejected
        }
    }

    static func printErrors(_ errors: [RecordError]) {
        for error in errors.prefix(50) {
            let field = error.fieldPath.isEmpty ? "" : " \(error.fieldPath):"
            CLIFailure.printError("  \(error.file):\(error.line):\(field) \(error.reason)")
        }
        if errors.count > 50 { CLIFailure.printError("  ... and \(errors.count - 50) more") }
    }
}
