public import Columnar
import Lake
import Parquet
public import SQL

/// A dataset as a table: its schema (without `_id` for derived datasets), its row count from the catalog, and a
/// scan that reads the committed Parquet files: one partition per row group (the morsels a parallel executor
/// pulls), only the projected columns decoded, row groups skipped when their min/max statistics rule out the
/// request's filter hints (`RowGroupPruning`).
public struct LakeTable: TableProvider {
    public let name: String
    public let datasetId: String
    public let schema: Schema
    public let statistics: TableStatistics
    let lake: Lake
    let sandbox: String
    let counters: ScanCounters?

    init(lake: Lake, dataset: Dataset, hidesId: Bool, counters: ScanCounters?) {
        self.lake = lake
        self.sandbox = dataset.sandbox
        name = dataset.name
        datasetId = dataset.id
        let fields = dataset.schema.fields.filter { !(hidesId && $0.name == "_id") }
        schema = Schema(fields)
        statistics = TableStatistics(rowCount: Int(dataset.rowCount))
        self.counters = counters
    }

    public func scan(_ request: ScanRequest) async throws -> [any BatchStream] {
        let fields = try request.projection.map { index throws(SQLError) -> Field in
            guard schema.fields.indices.contains(index) else {
                throw SQLError(SQLState("XX000"), "column \(index) is not in table \"\(name)\"")
            }
            return schema.fields[index]
        }
        let predicate = RowGroupPruning.predicate(request.filters, fields: fields)
        let (lake, sandbox, datasetId, counters) = (self.lake, self.sandbox, self.datasetId, self.counters)
        let parts = try await BlockingIO.run("cannot read dataset \"\(name)\"") {
            () throws -> [(ParquetReader, Int)] in
            var parts: [(ParquetReader, Int)] = []
            for file in try lake.files(sandbox: sandbox, datasetId: datasetId) {
                // The lake's own parts, written by Outflow: no decode budget (as Lake's own scans).
                let reader = try ParquetReader(path: file.path, limits: .unlimited)
                let groups = predicate.map { reader.rowGroups(matching: $0) } ?? Array(0..<reader.rowGroupCount)
                counters?.planned(considered: reader.rowGroupCount, skipped: reader.rowGroupCount - groups.count)
                for group in groups where reader.rowCount(ofRowGroup: group) > 0 { parts.append((reader, group)) }
            }
            return parts
        }
        return parts.map { RowGroupStream(reader: $0.0, group: $0.1, fields: fields, counters: counters) }
    }
}

/// One row group of one file, decoded on the blocking pool when first pulled.
final class RowGroupStream: BatchStream {
    private var reader: ParquetReader?
    private let group: Int
    private let fields: [Field]
    private let counters: ScanCounters?

    init(reader: ParquetReader, group: Int, fields: [Field], counters: ScanCounters?) {
        self.reader = reader
        self.group = group
        self.fields = fields
        self.counters = counters
    }

    func next() async throws -> ColumnBatch? {
        guard let reader else { return nil }
        self.reader = nil
        try Task.checkCancellation()
        let (group, fields, counters) = (self.group, self.fields, self.counters)
        return try await BlockingIO.run("cannot read \(reader.name)") { () throws -> ColumnBatch in
            let names = fields.map(\.name)
            let batch = try reader.readRowGroup(group, columns: Array(Set(names)))
            counters?.decodedOne()
            var columns: [Column] = []
            for field in fields {
                guard let index = batch.schema.fields.firstIndex(where: { $0.name == field.name }) else {
                    throw SQLError(SQLState("XX001"), "column \"\(field.name)\" is missing from \(reader.name)")
                }
                columns.append(batch.columns[index])
            }
            return try ColumnBatch(schema: Schema(fields), columns: columns)
        }
    }
}
