public import Columnar
import Lake
import Parquet
public import SQL

/// A dataset as a table: its schema (without `_id` for derived datasets), its row count from the catalog, and a
/// scan that reads the committed Parquet files: one partition per row group (the morsels a parallel executor
/// pulls), only the projected columns decoded (of a struct read through field accesses, only the leaves under
/// the fields, `ScanRequest.fieldPaths`), row groups skipped when their min/max statistics rule out the
/// request's filter hints (`RowGroupPruning`, on top-level columns and struct fields alike).
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

    /// Struct fields are read as columns of their own, only their leaves' column chunks read.
    public var supportsFieldPaths: Bool { true }

    public func scan(_ request: ScanRequest) async throws -> [any BatchStream] {
        // What each output column reads: its names from the top-level column down, and its field.
        var paths: [[String]] = []
        var fields: [Field] = []
        for index in request.projection {
            guard schema.fields.indices.contains(index) else {
                throw SQLError(SQLState("XX000"), "column \(index) is not in table \"\(name)\"")
            }
            paths.append([schema.fields[index].name])
            fields.append(schema.fields[index])
        }
        for path in request.fieldPaths {
            guard let (names, type) = schema.names(along: path) else {
                throw SQLError(SQLState("XX000"), "field path \(path) is not in table \"\(name)\"")
            }
            paths.append(names)
            fields.append(Field(names.joined(separator: "."), type))
        }
        let predicate = RowGroupPruning.predicate(request.filters, fields: fields)
        let (lake, sandbox, datasetId, counters) = (self.lake, self.sandbox, self.datasetId, self.counters)
        let parts = try await BlockingIO.run("cannot read dataset \"\(name)\"") {
            () throws -> [(ParquetReader, Int)] in
            var parts: [(ParquetReader, Int)] = []
            for file in try lake.files(sandbox: sandbox, datasetId: datasetId) {
                // The lake's own parts, written by Outflow: no decode budget (as Lake's own scans).
                let reader = try ParquetReaderCache.shared.reader(path: file.path)
                let groups = predicate.map { reader.rowGroups(matching: $0) } ?? Array(0..<reader.rowGroupCount)
                counters?.planned(considered: reader.rowGroupCount, skipped: reader.rowGroupCount - groups.count)
                for group in groups where reader.rowCount(ofRowGroup: group) > 0 { parts.append((reader, group)) }
            }
            return parts
        }
        return parts.map {
            RowGroupStream(reader: $0.0, group: $0.1, paths: paths, fields: fields, counters: counters)
        }
    }
}

/// One row group of one file, decoded on the blocking pool when first pulled.
final class RowGroupStream: BatchStream {
    private var reader: ParquetReader?
    private let group: Int
    private let paths: [[String]]
    private let fields: [Field]
    private let counters: ScanCounters?

    init(reader: ParquetReader, group: Int, paths: [[String]], fields: [Field], counters: ScanCounters?) {
        self.reader = reader
        self.group = group
        self.paths = paths
        self.fields = fields
        self.counters = counters
    }

    func next() async throws -> ColumnBatch? {
        guard let reader else { return nil }
        self.reader = nil
        try Task.checkCancellation()
        let (group, paths, fields, counters) = (self.group, self.paths, self.fields, self.counters)
        return try await BlockingIO.run("cannot read \(reader.name)") { () throws -> ColumnBatch in
            for path in paths {
                guard let first = path.first, reader.schema.index(of: first) != nil else {
                    throw SQLError(
                        SQLState("XX001"), "column \"\(path.first ?? "")\" is missing from \(reader.name)")
                }
            }
            let batch = try reader.readRowGroup(group, paths: paths)
            if let counters { counters.decodedOne(bytes: reader.chunkBytes(ofRowGroup: group, paths: paths)) }
            return try ColumnBatch(schema: Schema(fields), columns: batch.columns)
        }
    }
}
