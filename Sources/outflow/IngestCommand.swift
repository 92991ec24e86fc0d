import ArgumentParser
import Foundation
import Lake
import OutflowServer
import Parquet

/// `outflow ingest`: loads files into a dataset as one batch.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest NDJSON, CSV or Parquet files into a dataset as one batch.",
        discussion: """
            The format comes from the file extension: .json/.ndjson/.jsonl (optionally .gz or .zst), .csv, \
            .parquet. Exit 0 when the batch succeeded, 3 when it failed validation, 4 when the dataset does not exist.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Dataset name or id.")
    var dataset: String

    @Option(help: "Largest share of invalid records (0-100) tolerated before the batch fails (default 0).")
    var maxErrorPercent: Double?

    @Option(help: "Client batch key: a retry with the key of a successful batch returns that batch.")
    var clientBatchKey: String?

    @Flag(help: "Print the batch as JSON on stdout.")
    var json = false

    @Argument(help: "Input files.")
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one input file") }
        if let maxErrorPercent, !(0...100).contains(maxErrorPercent) {
            throw ValidationError("--max-error-percent must be 0...100")
        }
    }

    /// The input format of a file name, from its extension.
    static func format(of file: String) -> IngestFormat? {
        var name = URL(fileURLWithPath: file).lastPathComponent.lowercased()
        for suffix in [".gz", ".zst"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
        }
        if name.hasSuffix(".json") || name.hasSuffix(".ndjson") || name.hasSuffix(".jsonl") { return .json }
        if name.hasSuffix(".csv") { return .csv }
        if name.hasSuffix(".parquet") { return .parquet }
        return nil
    }

    func run() async throws {
        let configuration = common.configuration()
        let lake = try common.openLake(configuration, logger: common.logger(configuration))
        let formats = Set(files.map(Self.format(of:)))
        guard formats.count == 1, let format = formats.first ?? nil else {
            CLIFailure.printError(
                "error: all files must have one format: .json/.ndjson/.jsonl[.gz|.zst], .csv or .parquet")
            throw CLIFailure.rejected
        }
        for file in files where !FileManager.default.isReadableFile(atPath: file) {
            CLIFailure.printError("error: cannot read '\(file)'")
            throw CLIFailure.notFound
        }
        let names = files.map { URL(fileURLWithPath: $0).lastPathComponent }
        guard Set(names).count == names.count else {
            CLIFailure.printError("error: input file names must be distinct")
            throw CLIFailure.rejected
        }
        let created = try CLIFailure.mapping { () throws(LakeError) in
            try lake.createBatch(
                sandbox: common.sandbox, datasetId: dataset, format: format, clientBatchKey: clientBatchKey)
        }
        let batch: Batch
        if created.status == .loading {
            batch = try complete(created, names: names, lake: lake)
        } else {
            batch = created
        }
        try report(batch)
    }

    /// Copies the files in and completes the batch; a batch that fails validation is returned (failed).
    private func complete(_ created: Batch, names: [String], lake: Lake) throws -> Batch {
        let bar = ProgressBar(label: "ingest")
        let maxErrorPercent = maxErrorPercent
        do {
            for (file, name) in zip(files, names) {
                try lake.addFile(batchId: created.id, name: name, copyingFrom: file)
            }
            let batch = try lake.completeBatch(batchId: created.id, maxErrorPercent: maxErrorPercent) { progress in
                bar.update(done: progress.bytesRead, total: progress.totalBytes, unit: "bytes")
            }
            bar.finish()
            return batch
        } catch {
            bar.finish()
            guard error.code == .ingestionFailed, let failed = try? lake.batch(id: created.id) else {
                CLIFailure.printError("error: \(error)")
                throw CLIFailure.exitCode(for: error)
            }
            return failed
        }
    }

    private func report(_ batch: Batch) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(batch), as: UTF8.self))
        } else {
            print("batch: \(batch.id)")
            print("status: \(batch.status.rawValue)")
            print("rows: \(batch.rowCount)")
            print("failed records: \(batch.failedRecordCount)")
            if let sequence = batch.sequence { print("sequence: \(sequence)") }
        }
        Self.printErrors(batch.errors)
        guard batch.status == .success else {
            CLIFailure.printError("error: batch \(batch.id) \(batch.status.rawValue): \(batch.errorSummary ?? "")")
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
