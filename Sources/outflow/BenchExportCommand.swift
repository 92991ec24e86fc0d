import ArgumentParser
import Destinations
import Exports
import Foundation
import Lake

extension BenchCommand {
    /// `outflow bench export`: times the real `ExportExecutor` exporting a lake dataset to a local folder
    /// (full export, one run), for `Benchmarks/scripts/compare_exports.py`.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time a full export of a dataset to a local folder; prints one JSON line.")

        @OptionGroup var common: CommonOptions

        @Option(help: "Dataset id or name.") var dataset: String = "web_events"
        @Option(help: "JSON or PARQUET.") var format: String = "PARQUET"
        @Option(help: "NONE, GZIP, SNAPPY or ZSTD.") var compression: String = "ZSTD"
        @Option(help: "Absolute output folder (default: a new temp folder, removed afterwards).")
        var outDir: String?

        func run() async throws {
            guard let fileType = DatasetFileType(rawValue: format.uppercased()) else {
                throw ValidationError("unknown format \(format)")
            }
            guard let codec = ExportCompression(rawValue: compression.uppercased()) else {
                throw ValidationError("unknown compression \(compression)")
            }
            let configuration = common.configuration()
            let lake = try common.openLake(configuration, logger: common.logger(configuration))
            let folder = outDir ?? NSTemporaryDirectory() + "outflow-bench-export-\(UUID().uuidString)"
            defer { if outDir == nil { try? FileManager.default.removeItem(atPath: folder) } }
            let destination = try LocalFolderDestination(root: folder, id: "bench")
            let runId = "bench-\(UUID().uuidString.prefix(8))"
            let flow = Flow(
                id: "bench", name: "bench", sourceConnectionId: "s", targetConnectionId: "t",
                scheduleParams: ScheduleParams(exportMode: .dailyFullExport, timeUnit: .day, interval: 0, startTime: 0))
            let job = ExportJob(
                flow: flow, source: SourceConnection(id: "s", sandbox: common.sandbox, datasetIds: [dataset]),
                target: TargetConnection(
                    id: "t", baseConnectionId: "b", path: "", datasetFileType: fileType, compression: codec),
                runId: runId, scheduledTime: Int64(Date().timeIntervalSince1970))
            let executor = ExportExecutor(lake: lake, destination: destination, store: InMemoryExportStore())
            let clock = ContinuousClock()
            let start = clock.now
            let run = try await executor.execute(job)
            let seconds = (clock.now - start).seconds
            guard run.status == .success else {
                CLIFailure.printError("error: export failed: \(run.errors.map(\.description).joined(separator: "; "))")
                throw ExitCode(1)
            }
            let files = run.outputs.flatMap(\.files)
            print(
                BenchResult(
                    tool: "outflow",
                    operation: "export-\(fileType.rawValue.lowercased())-\(codec.rawValue.lowercased())",
                    threads: ProcessInfo.processInfo.activeProcessorCount,
                    rows: Int(files.reduce(0) { $0 + $1.rowCount }), bytes: Int(files.reduce(0) { $0 + $1.size }),
                    seconds: seconds
                ).json)
        }
    }
}
