import Columnar
public import Destinations
public import Foundation
public import Lake
public import Logging
import PGP
import Parquet

/// Runs one export: plans each dataset, encodes parts straight into destination writers (reading the next
/// lake row group while the current one encodes), retries a failed part by aborting it and encoding it again,
/// writes each dataset's manifest last, and moves the watermarks only when every dataset succeeded.
public final class ExportExecutor: Sendable {
    /// Options fixed at construction.
    public struct Configuration: Sendable {
        public var retry: RetryPolicy
        /// Kept for source compatibility: parts stream to the destination and no longer pass through a
        /// local folder.
        public var temporaryDirectory: String
        /// Bytes per `maxFileSizeMiB` unit (tests shrink it to force rolling).
        public var bytesPerMiB: Int
        /// Which addresses destinations may connect to (the runner resolves every destination with it; default:
        /// public addresses only; the composition root sets the configured `OUTFLOW_OUTBOUND_ALLOW` policy).
        public var outbound: OutboundPolicy
        /// Where local-folder destinations may write (default: nowhere; the composition root sets the configured
        /// `OUTFLOW_EXPORT_ROOTS` policy).
        public var localFolders: LocalFolderPolicy

        public init(
            retry: RetryPolicy = .init(), temporaryDirectory: String = NSTemporaryDirectory(),
            bytesPerMiB: Int = 1 << 20, outbound: OutboundPolicy = OutboundPolicy(),
            localFolders: LocalFolderPolicy = LocalFolderPolicy()
        ) {
            self.outbound = outbound
            self.localFolders = localFolders
            self.retry = retry
            self.temporaryDirectory = temporaryDirectory
            self.bytesPerMiB = bytesPerMiB
        }
    }

    /// Waits between attempts; injectable so tests need no real sleeps.
    public typealias Sleeper = @Sendable (Duration) async throws -> Void
    /// Epoch milliseconds now.
    public typealias Clock = @Sendable () -> Int64

    let lake: Lake
    let destination: any Destination
    let store: any ExportStore
    let configuration: Configuration
    let sleep: Sleeper
    let now: Clock
    let logger: Logger

    public init(
        lake: Lake, destination: any Destination, store: any ExportStore, configuration: Configuration = .init(),
        sleep: @escaping Sleeper = { try await Task.sleep(for: $0) },
        now: @escaping Clock = { Int64(Date().timeIntervalSince1970 * 1_000) },
        logger: Logger = Logger(label: "outflow.exports")
    ) {
        self.lake = lake
        self.destination = destination
        self.store = store
        self.configuration = configuration
        self.sleep = sleep
        self.now = now
        self.logger = logger
    }

    /// Executes (or retries, with the same `runId`) a run and returns it in its final state; the run is
    /// saved to the store when it starts and when it ends. Errors end up in `run.errors`, not thrown, except
    /// store failures.
    public func execute(
        _ job: ExportJob, progress: (@Sendable (RunProgress) -> Void)? = nil
    ) async throws(ExportsError) -> ExportRun {
        var run =
            try await store.run(id: job.runId)
            ?? ExportRun(id: job.runId, flowId: job.flow.id, scheduledTime: job.scheduledTime)
        run.status = .running
        run.attempts += 1
        run.errors = []
        run.outputs = []
        run.startedAt = now()
        run.completedAt = nil
        try await store.save(run)
        var counters = RunProgress()
        do throws(ExportsError) {
            let template = try FolderTemplate(job.flow.scheduleParams.foldernameTemplate)
            try ExportValidator.validateFormat(job.target)
            let perDataset = ["%DATASET_ID%", "%DATASET_NAME%"].contains { template.template.contains($0) }
            guard job.source.datasetIds.count < 2 || perDataset else {
                throw ExportsError.invalid(
                    "scheduleParams.foldernameTemplate",
                    "with several datasets the template must contain %DATASET_ID% or %DATASET_NAME%")
            }
            for datasetId in job.source.datasetIds {
                let output = try await export(datasetId: datasetId, job: job, template: template) { delta in
                    counters.rows += delta.rows
                    counters.bytes += delta.bytes
                    counters.files += delta.files
                    progress?(counters)
                }
                run.outputs.append(output)
            }
            try await store.record(
                run.outputs.map {
                    LedgerEntry(
                        flowId: job.flow.id, datasetId: $0.datasetId, runId: run.id, fromSequence: $0.fromSequence,
                        toSequence: $0.toSequence, status: .success)
                })
            run.status = .success
        } catch {
            logger.error("export run \(run.id) failed: \(error)")
            run.status = .failed
            run.errors = [error]
        }
        run.progress = counters
        run.completedAt = now()
        try await store.save(run)
        return run
    }

    private func export(
        datasetId: String, job: ExportJob, template: FolderTemplate, report: (RunProgress) -> Void
    ) async throws(ExportsError) -> DatasetOutput {
        let lake = self.lake
        let sandbox = job.source.sandbox
        let dataset: Dataset
        let committed: [LakeFile]
        do {
            (dataset, committed) = try await BlockingIO.run { () throws -> (Dataset, [LakeFile]) in
                let dataset = try lake.dataset(sandbox: sandbox, idOrName: datasetId)
                return (dataset, try lake.files(sandbox: sandbox, datasetId: dataset.id))
            }
        } catch {
            throw ExportsError(
                .lake, "cannot read dataset '\(datasetId)': \(error.message)", field: "params.datasets",
                underlying: error)
        }
        let watermark = try await store.watermark(flowId: job.flow.id, datasetId: dataset.id)
        let plan = ExportPlanner.plan(
            mode: job.flow.scheduleParams.exportMode, datasetId: dataset.id, committed: committed, watermark: watermark,
            selection: job.selection)
        let folder = try datasetFolder(for: dataset, job: job, template: template)
        let format = OutputFormat(fileType: job.target.datasetFileType, compression: job.target.compression)
        let units = try await BlockingIO.run { try Self.units(of: plan.files) }
        var files: [ExportedFile] = []
        var schema = dataset.schema
        var cursor = 0
        while cursor < units.count {
            let part = PartPlan(
                path: folder + "/"
                    + OutputFormat.partName(
                        index: files.count, runId: job.runId, datasetId: dataset.id,
                        fileExtension: format.fileExtension + (job.encryptTo == nil ? "" : OutputFormat.encryptedSuffix)
                    ),
                format: format, maxBytes: max(1, job.target.maxFileSizeMiB) * configuration.bytesPerMiB,
                encryptTo: job.encryptTo)
            let delivered = try await deliverPart(part, units: units, from: cursor, report: report)
            files.append(delivered.file)
            schema = delivered.schema
            cursor = delivered.next
        }

        var manifestPath: String?
        if job.target.includeManifest {
            let fields = ExportManifest.fields(of: schema)
            let manifest = ExportManifest(
                runId: job.runId, flowId: job.flow.id, destinationId: destination.id, scheduledTime: job.scheduledTime,
                exportTime: ExportTime.exportTime(job.scheduledTime), sandbox: job.source.sandbox,
                datasetId: dataset.id, datasetFileType: format.fileType, compression: format.compression,
                schema: fields, schemaHash: try ExportManifest.schemaHash(fields),
                batchRange: .init(fromSequence: plan.fromSequence, toSequence: plan.toSequence),
                files: files.map {
                    .init(
                        name: String($0.path.split(separator: "/").last ?? ""), size: $0.size, rowCount: $0.rowCount,
                        sha256: $0.sha256)
                },
                encryption: job.encryptTo.map {
                    .init(format: "OpenPGP", algorithm: $0.algorithm, keyId: $0.keyId, fingerprint: $0.fingerprint)
                })
            let bytes = try ExportManifest.encode(manifest, pretty: true)
            let path = folder + "/" + ExportManifest.fileName(destinationId: destination.id, runId: job.runId)
            _ = try await deliver(bytes: bytes, to: path)
            manifestPath = path
        }
        return DatasetOutput(
            datasetId: dataset.id, folder: folder, files: files, manifestPath: manifestPath,
            fromSequence: plan.fromSequence, toSequence: plan.toSequence)
    }
}
