public import Codecs
public import Columnar
public import Parquet

extension Lake {
    /// Writes already-typed batches (of the dataset's schema: same field names and types) as one committed
    /// lake batch, through the same crash-safe commit path as ingestion, without record validation.
    public func appendBatch(
        sandbox: String, datasetId: String, batches: [ColumnBatch], codec: CompressionCodec = .zstd
    ) throws(LakeError) -> Batch {
        let (dataset, document) = try datasetRow(sandbox: sandbox, idOrName: datasetId)
        let schema = document.schema
        var aligned: [ColumnBatch] = []
        for batch in batches {
            guard batch.schema.fields.map(\.name) == schema.fields.map(\.name) else {
                throw LakeError(
                    .invalidInput,
                    "batch columns \(batch.schema.fields.map(\.name)) do not match dataset fields \(schema.fields.map(\.name))"
                )
            }
            var columns: [Columnar.Column] = []
            for (field, column) in zip(schema.fields, batch.columns) {
                guard let retyped = column.retyped(to: field.type) else {
                    throw LakeError(
                        .invalidInput, "column is \(column.type), the dataset expects \(field.type)",
                        fieldPath: field.name)
                }
                guard field.nullable || column.nullCount == 0 else {
                    throw LakeError(
                        .invalidInput, "required field has \(column.nullCount) null(s)", fieldPath: field.name)
                }
                columns.append(retyped)
            }
            do {
                aligned.append(try ColumnBatch(schema: schema, columns: columns))
            } catch {
                throw LakeError(
                    .invalidInput, "batch does not fit the dataset schema: \(error.message)", fieldPath: error.fieldPath
                )
            }
        }
        let created = try createBatch(sandbox: sandbox, datasetId: dataset.id, format: .parquet)
        do {
            let writer = try BatchWriter(
                layout: layout, schema: schema, sandbox: dataset.sandbox, datasetId: dataset.id, batchId: created.id,
                codec: codec, partBytes: configuration.partBytes)
            for batch in aligned { try writer.write(batch) }
            let files = try writer.finish()
            reachFaultPoint("beforeCatalogCommit")
            try commitBatch(batchId: created.id, files: files, failedRecordCount: 0, errors: [])
        } catch {
            try? failBatch(batchId: created.id, failedRecordCount: 0, errors: [], summary: error.description)
            try? FileSystem.remove(
                layout.absolute(
                    layout.relativeBatchDirectory(sandbox: dataset.sandbox, datasetId: dataset.id, batchId: created.id))
            )
            throw error
        }
        try? FileSystem.remove(layout.stagingDirectory(batchId: created.id))
        return try batch(id: created.id)
    }

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
