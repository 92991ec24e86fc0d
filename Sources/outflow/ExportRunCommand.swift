import ArgumentParser
import Exports
import Foundation
import Lake

/// `outflow export run`: creates (or reuses) a flow for a dataset and a destination and runs it now, in this
/// process, with a progress bar. When the flow's latest run failed (or its process was killed), that run is
/// retried under the same id, so it rewrites the same folder and file names instead of duplicating them.
struct ExportRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Export a dataset now (creates or reuses the flow; retries its failed latest run).",
        discussion: """
            --to takes an absolute folder under an export root (OUTFLOW_EXPORT_ROOTS, comma-separated absolute \
            folders; default <data>/exports), or dlz:<path> for the Data Landing Zone (<data>/landing-zone/\
            dlz-destination/<path>). Files land in <datasetId>/exportTime=YYYYMMDDHHMM/, the manifest last. \
            The same dataset, destination, format, compression and mode reuse one flow: with --incremental \
            each run exports only the batches committed since the last successful run.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Dataset name or id.")
    var dataset: String

    @Option(name: .customLong("to"), help: "Absolute destination folder, or dlz:<path>.")
    var destination: String

    @Option(help: "File format: parquet or json (NDJSON).")
    var format: ExportFileFormat = .parquet

    @Option(help: "none, gzip, snappy (parquet only) or zstd.")
    var compression: ExportCompressionOption = .none

    @Flag(help: "Export only batches committed since the flow's last successful run (the first run is full).")
    var incremental = false

    @Flag(inversion: .prefixedNo, help: "Write manifest-<destinationId>-<runId>.json after the files.")
    var manifest = true

    @Option(name: .customLong("max-file-mib"), help: "Roll output files at about this many MiB (1-5000).")
    var maxFileMiB = 5_000

    @Flag(help: "Print the run summary as JSON on stdout.")
    var json = false

    func validate() throws {
        guard ExportFlowSetup.Target(destination) != nil else {
            throw ValidationError("--to must be an absolute folder or dlz:<relative path>")
        }
        guard (1...5_000).contains(maxFileMiB) else { throw ValidationError("--max-file-mib must be 1...5000") }
        if format == .json && compression == .snappy {
            throw ValidationError("--compression snappy is only available with --format parquet")
        }
    }

    func run() async throws {
        let context = try ExportContext(common: common)
        let lake = context.lake
        let sandbox = common.sandbox
        let name = dataset
        let found: Dataset
        do {
            found = try lake.dataset(sandbox: sandbox, idOrName: name)
        } catch {
            CLIFailure.printError("error: dataset '\(name)' does not exist in sandbox '\(sandbox)'")
            throw CLIFailure.exitCode(for: error)
        }
        guard let target = ExportFlowSetup.Target(destination) else { throw ExitCode(2) }
        if case .localFolder(let path) = target {
            do throws(ExportsError) {
                try ExportValidator.validate(localFolderPath: path, policy: context.runner.localFolderPolicy)
            } catch {
                CLIFailure.printError("error: --to: \(error.message)")
                throw ExitCode(2)
            }
        }
        let setup = ExportFlowSetup(
            sandbox: sandbox, dataset: found, target: target, fileType: format.fileType,
            compression: compression.compression, incremental: incremental, includeManifest: manifest,
            maxFileSizeMiB: maxFileMiB)
        let store = context.store
        let now = Int64(Date().timeIntervalSince1970)
        let flow = try await CLIFailure.awaiting { () async throws(ExportsError) in
            try await setup.apply(store: store, now: now)
        }
        let lock = try ExportFlowLock.acquire(context: context, flowId: flow.id)
        defer { lock.release() }
        let run = try await execute(flow: flow, dataset: found, context: context)
        let report = ExportRunReport(run: run, flow: flow, root: setup.rootFolder(layout: lake.layout))
        try report.print(json: json)
        guard run.status == .success else { throw ExitCode.failure }
    }

    /// Resumes the flow's unfinished or failed latest run under its id, or queues a new ad-hoc run; then
    /// executes it here with a progress bar.
    private func execute(flow: Flow, dataset: Dataset, context: ExportContext) async throws -> ExportRun {
        let driver = ExportRunDriver(context: context)
        let total = try await plannedRows(flow: flow, dataset: dataset, context: context)
        if let latest = try await driver.unfinishedLatest(of: flow.id) {
            let resumed = try await driver.resume(latest)
            return try await driver.drive(runId: resumed.id, totalRows: total)
        }
        let runner = context.runner
        let id = flow.id
        let queued = try await CLIFailure.awaiting { () async throws(ExportsError) in
            try await runner.enqueue(flowId: id, kind: .adHoc)
        }
        return try await driver.drive(runId: queued.id, totalRows: total)
    }

    /// Rows the next run exports (for the progress bar).
    private func plannedRows(flow: Flow, dataset: Dataset, context: ExportContext) async throws -> Int64 {
        let store = context.store
        let watermark = try await CLIFailure.awaiting { () async throws(ExportsError) in
            try await store.watermark(flowId: flow.id, datasetId: dataset.id)
        }
        let lake = context.lake
        let files = try CLIFailure.mapping { () throws(LakeError) in
            try lake.files(sandbox: dataset.sandbox, datasetId: dataset.id)
        }
        let plan = ExportPlanner.plan(
            mode: flow.scheduleParams.exportMode, datasetId: dataset.id, committed: files, watermark: watermark)
        return plan.files.reduce(0) { $0 + $1.rowCount }
    }
}

/// `--format`.
enum ExportFileFormat: String, ExpressibleByArgument, CaseIterable {
    case parquet, json

    var fileType: DatasetFileType { self == .json ? .json : .parquet }
}

/// `--compression`.
enum ExportCompressionOption: String, ExpressibleByArgument, CaseIterable {
    case none, gzip, snappy, zstd

    var compression: ExportCompression {
        switch self {
        case .none: .none
        case .gzip: .gzip
        case .snappy: .snappy
        case .zstd: .zstd
        }
    }
}
