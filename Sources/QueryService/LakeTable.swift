public import Columnar
import Lake
import Parquet
public import SQL

/// A dataset as a table: its schema (without `_id` for derived datasets), its row count from the catalog, and a
/// scan that reads the committed Parquet files: one partition per row group (the morsels a parallel executor
/// pulls), only the projected columns decoded (of a struct read through field accesses, only the leaves under
/// the fields, `ScanRequest.fieldPaths`), row groups skipped when their min/max statistics rule out the
/// request's filter hints (`RowGroupPruning`, on top-level columns and struct fields alike), and of the row
/// groups read only the rows whose pages the page index cannot rule out (`PagePruning`).
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
        let read = paths
        let parts = try await BlockingIO.run("cannot read dataset \"\(name)\"") { () throws -> [RowGroupPart] in
            var parts: [RowGroupPart] = []
            for file in try lake.files(sandbox: sandbox, datasetId: datasetId) {
                // The lake's own parts, written by Outflow: no decode budget (as Lake's own scans).
                let reader = try ParquetReaderCache.shared.reader(path: file.path)
                let groups = predicate.map { reader.rowGroups(matching: $0) } ?? Array(0..<reader.rowGroupCount)
                var skipped = reader.rowGroupCount - groups.count
                for group in groups where reader.rowCount(ofRowGroup: group) > 0 {
                    let part = PagePruning.part(reader: reader, group: group, predicate: predicate)
                    if let rows = part.rows, rows.isEmpty {
                        // No page of the group can match: skipped as if its own statistics had said so.
                        skipped += 1
                        if let counters {
                            counters.pages(
                                read: 0, skipped: reader.pageCounts(ofRowGroup: group, paths: read, rows: []).skipped)
                        }
                        continue
                    }
                    parts.append(part)
                }
                counters?.planned(considered: reader.rowGroupCount, skipped: skipped)
            }
            return parts
        }
        return parts.map { RowGroupStream(part: $0, paths: paths, fields: fields, counters: counters) }
    }
}

/// A row group to read, and which of its rows when the page index ruled some out.
struct RowGroupPart: Sendable {
    var reader: ParquetReader
    var group: Int
    /// nil: every row.
    var rows: [Range<Int>]?
}

/// One row group of one file (or the rows of it the page index leaves), decoded on the blocking pool when first
/// pulled.
final class RowGroupStream: BatchStream {
    private var part: RowGroupPart?
    private let paths: [[String]]
    private let fields: [Field]
    private let counters: ScanCounters?

    init(part: RowGroupPart, paths: [[String]], fields: [Field], counters: ScanCounters?) {
        self.part = part
        self.paths = paths
        self.fields = fields
        self.counters = counters
    }

    func next() async throws -> ColumnBatch? {
        guard let part else { return nil }
        self.part = nil
        try Task.checkCancellation()
        let (paths, fields, counters) = (self.paths, self.fields, self.counters)
        let (reader, group) = (part.reader, part.group)
        return try await BlockingIO.run("cannot read \(reader.name)") { () throws -> ColumnBatch in
            for path in paths {
                guard let first = path.first, reader.schema.index(of: first) != nil else {
                    throw SQLError(
                        SQLState("XX001"), "column \"\(path.first ?? "")\" is missing from \(reader.name)")
                }
            }
            let batch: ColumnBatch
            if let rows = part.rows {
                batch = try reader.readRowGroup(group, paths: paths, rows: rows)
            } else {
                batch = try reader.readRowGroup(group, paths: paths)
            }
            if let counters {
                counters.decodedOne(bytes: reader.chunkBytes(ofRowGroup: group, paths: paths))
                let all = [0..<reader.rowCount(ofRowGroup: group)]
                let pages = reader.pageCounts(ofRowGroup: group, paths: paths, rows: part.rows ?? all)
                counters.pages(read: pages.read, skipped: pages.skipped)
            }
            return try ColumnBatch(schema: Schema(fields), columns: batch.columns)
        }
    }
}
