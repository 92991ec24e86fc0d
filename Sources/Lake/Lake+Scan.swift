import Codecs
public import Columnar
public import Parquet

extension Lake {
    /// Committed lake files of a dataset, oldest batch first; only batches with `sequence > afterSequence`.
    public func files(sandbox: String, datasetId: String, afterSequence: Int64 = 0) throws(LakeError) -> [LakeFile] {
        let (dataset, _) = try datasetRow(sandbox: sandbox, idOrName: datasetId)
        let rows = try catalog.committedFiles(datasetId: dataset.id, afterSequence: afterSequence)
        return rows.map { file in
            var file = file
            file.path = layout.absolute(file.path)
            return file
        }
    }

    /// A dataset's committed rows, oldest batch first; `columns` projects top-level fields by name.
    public func scan(sandbox: String, datasetId: String, columns: [String]? = nil) throws(LakeError) -> [ColumnBatch] {
        try scan(sandbox: sandbox, datasetId: datasetId, columns: columns, matching: nil)
    }

    /// Like `scan(sandbox:datasetId:columns:)`, skipping row groups whose column statistics rule out
    /// `predicate` (a superset of the matching rows comes back: callers still filter rows).
    public func scan(
        sandbox: String, datasetId: String, columns: [String]?, matching predicate: ParquetPredicate?
    ) throws(LakeError) -> [ColumnBatch] {
        let (_, document) = try datasetRow(sandbox: sandbox, idOrName: datasetId)
        if let columns {
            for name in columns where document.schema.index(of: name) == nil {
                throw LakeError(.invalidInput, "unknown column '\(name)'", fieldPath: name)
            }
        }
        var out: [ColumnBatch] = []
        for file in try files(sandbox: sandbox, datasetId: datasetId) {
            do {
                // The lake's own parts, written by Outflow: no decode budget (ingestion reads uploads with one).
                let reader = try ParquetReader(path: file.path, limits: .unlimited)
                let groups = predicate.map { reader.rowGroups(matching: $0) } ?? Array(0..<reader.rowGroupCount)
                for group in groups { out.append(try reader.readRowGroup(group, columns: columns)) }
            } catch {
                throw LakeError.storage("cannot read lake file: \(error.message)", file: file.path)
            }
        }
        return out
    }
}
