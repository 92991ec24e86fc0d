import Columnar
import Destinations
import Exports
import Foundation
import Lake
import Storage

/// A temporary data directory with a lake, one small dataset and an output folder.
final class ExportFixture {
    let root: String
    let lake: Lake
    let datasetId: String
    let output: String
    /// Local-folder exports may write under `output` (the test's export root).
    let localFolders: LocalFolderPolicy
    private var nextId = 0

    static let schemaText = """
        {"title": "Events", "class": "Record", "fields": [
          {"name": "value", "type": "int64"},
          {"name": "name", "type": "string"}]}
        """

    init() throws {
        root = NSTemporaryDirectory() + "outflow-exports-" + UUID().uuidString
        output = root + "/out"
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        lake = try Lake(dataDirectory: root + "/data")
        localFolders = try LocalFolderPolicy(
            roots: [output], dataDirectory: root + "/data", exportsFolder: root + "/data/exports")
        datasetId = try lake.createDataset(
            sandbox: "prod", name: "events", schemaDocument: Array(Self.schemaText.utf8)
        ).id
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Commits one batch of `count` rows with consecutive values; returns the values.
    @discardableResult
    func ingest(_ count: Int) throws -> [Int64] {
        let schema = try lake.dataset(sandbox: "prod", idOrName: datasetId).schema
        let builders = schema.fields.map { ColumnBuilder(type: $0.type) }
        var values: [Int64] = []
        for _ in 0..<count {
            let value = Int64(nextId)
            nextId += 1
            try builders[0].append(.string("id-\(value)"))
            try builders[1].append(.int(value))
            try builders[2].append(.string("name \(value) \"quoted\""))
            values.append(value)
        }
        let batch = try ColumnBatch(schema: schema, columns: builders.map { $0.finish() })
        _ = try lake.appendBatch(sandbox: "prod", datasetId: datasetId, batches: [batch])
        return values
    }

    func job(
        runId: String, mode: ExportMode = .firstFullThenIncremental, fileType: DatasetFileType = .parquet,
        compression: ExportCompression = .none, maxFileSizeMiB: Int = 5_000, scheduledTime: Int64 = 1_795_000_000
    ) -> ExportJob {
        let schedule = ScheduleParams(
            exportMode: mode, timeUnit: .hour, interval: 3, startTime: 1_790_000_000)
        let flow = Flow(
            id: "flow-1", name: "f", sourceConnectionId: "s", targetConnectionId: "t", scheduleParams: schedule)
        return ExportJob(
            flow: flow, source: SourceConnection(id: "s", sandbox: "prod", datasetIds: [datasetId]),
            target: TargetConnection(
                id: "t", baseConnectionId: "b", path: "exports", datasetFileType: fileType, compression: compression,
                includeManifest: true, maxFileSizeMiB: maxFileSizeMiB),
            runId: runId, scheduledTime: scheduledTime)
    }

    func executor(
        _ destination: any Destination, store: any ExportStore, retry: RetryPolicy = .init(), bytesPerMiB: Int = 1 << 20
    ) -> ExportExecutor {
        ExportExecutor(
            lake: lake, destination: destination, store: store,
            configuration: .init(retry: retry, temporaryDirectory: root, bytesPerMiB: bytesPerMiB),
            sleep: { _ in }, now: { 1_795_000_000_000 })
    }
}
